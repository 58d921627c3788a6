"""RFC 5277 notifications from a NETCONF server, seen by ncclient (a client nobody here wrote).

One session subscribes; a second one commits. Prints JSON: what the subscriber got before and
after a log directs change events to NETCONF, and whether RPCs still work on the subscribed
session (:interleave).

usage: ncclient_notifications.py HOST PORT USER PASSWORD
"""
import json
import sys

from ncclient import manager

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
NS = "urn:nokia.com:sros:ns:yang:sr:conf"
CUSTOMER = ('<config><configure xmlns="%s"><service><customer><customer-name>%s</customer-name>'
            "<customer-id>%d</customer-id></customer></service></configure></config>")
LOG = ('<config><configure xmlns="%s"><log><log-id><name>60</name><netconf-stream>NETCONF</netconf-stream>'
       "<source><change>true</change></source><destination><netconf/></destination></log-id></log></configure></config>" % NS)


def connect():
    return manager.connect(host=host, port=port, username=user, password=password, hostkey_verify=False,
                           timeout=30, allow_agent=False, look_for_keys=False)


out = {}
sub, other = connect(), connect()
out["subscriber_session"], out["committer_session"] = sub.session_id, other.session_id
out["subscribe_ok"] = sub.create_subscription(stream_name="NETCONF").ok
other.edit_config(target="candidate", config=CUSTOMER % (NS, "before-log", 801))
other.commit()
n = sub.take_notification(block=True, timeout=1)
out["before_log"] = None if n is None else n.notification_xml
other.edit_config(target="candidate", config=LOG)
other.commit()
while sub.take_notification(block=True, timeout=1) is not None:  # the log's own commit
    pass
other.edit_config(target="candidate", config=CUSTOMER % (NS, "after-log", 802))
other.commit()
n = sub.take_notification(block=True, timeout=5)
out["after_log"] = None if n is None else n.notification_xml
flt = '<configure xmlns="%s"><service><customer><customer-name>after-log</customer-name></customer></service></configure>' % NS
out["interleave_get_config"] = sub.get_config(source="running", filter=("subtree", flt)).data_xml
other.close_session()
sub.close_session()
print(json.dumps(out))
