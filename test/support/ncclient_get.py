"""Reads a NETCONF server's running configuration with ncclient (a client nobody here wrote).

usage: ncclient_get.py HOST PORT USER PASSWORD [SUBTREE-FILTER-XML]
Prints the <data> element as XML. The host key is not checked: the caller pins it with its own client.
"""
import sys

from ncclient import manager

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
flt = ("subtree", sys.argv[5]) if len(sys.argv) > 5 else None
with manager.connect(host=host, port=port, username=user, password=password, hostkey_verify=False,
                     timeout=30, allow_agent=False, look_for_keys=False) as m:
    print(m.get_config(source="running", filter=flt).data_xml)
