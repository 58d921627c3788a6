"""Drives a gNMI server with pygnmi (a client nobody here wrote), over TLS verified against a CA.

usage: pygnmi_client.py HOST PORT USER PASSWORD CA SERVER-NAME get PATH
       pygnmi_client.py HOST PORT USER PASSWORD CA SERVER-NAME update PATH JSON
Prints the response as JSON.
"""
import json
import sys

from pygnmi.client import gNMIclient

host, port, user, password, ca, server_name, op, path = sys.argv[1:9]
with gNMIclient(target=(host, int(port)), username=user, password=password, path_cert=ca,
                override=server_name, skip_verify=False, timeout=20) as gc:
    if op == "get":
        out = gc.get(path=[path], encoding="json_ietf")
    elif op == "update":
        out = gc.set(update=[(path, json.loads(sys.argv[9]))], encoding="json_ietf")
    else:
        raise SystemExit("op must be get or update")
print(json.dumps(out, default=str))
