# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Turn a JUnit XML report into the HarnessBench score JSON."""
import json
import sys
import xml.etree.ElementTree as ET

suite = ET.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
total = int(suite.get("tests", 0))
bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0)) + int(suite.get("skipped", 0))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump({"tests_passed": total - bad, "tests_total": total}, f)
