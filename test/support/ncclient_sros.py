"""Drives a NETCONF server with ncclient (a client nobody here wrote) and prints what it saw as JSON.

usage: ncclient_sros.py HOST PORT USER PASSWORD
"""
import json
import sys

from ncclient import manager
from ncclient.operations.rpc import RPCError

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
NS = "urn:nokia.com:sros:ns:yang:sr:conf"
CONFIG = (
    '<config><configure xmlns="%s"><service>'
    "<customer><customer-name>7</customer-name><customer-id>7</customer-id></customer>"
    "<vprn><service-name>ncclient-vprn</service-name><service-id>%s</service-id><customer>7</customer>"
    "<admin-state>enable</admin-state></vprn></service></configure></config>"
)
out = {}
m = manager.connect(host=host, port=port, username=user, password=password, hostkey_verify=False,
                    timeout=30, allow_agent=False, look_for_keys=False)
out["session_id"] = m.session_id
out["capabilities"] = sorted(m.server_capabilities)
out["edit_ok"] = m.edit_config(target="candidate", config=CONFIG % (NS, 4242)).ok
out["commit_ok"] = m.commit().ok
flt = '<configure xmlns="%s"><service><vprn><service-name>ncclient-vprn</service-name></vprn></service></configure>' % NS
out["running"] = m.get_config(source="running", filter=("subtree", flt)).data_xml
try:
    m.edit_config(target="candidate", config=CONFIG % (NS, 0))
    out["bad_value"] = None
except RPCError as e:
    out["bad_value"] = {"tag": e.tag, "message": e.message, "path": e.path}
m.close_session()
print(json.dumps(out))
