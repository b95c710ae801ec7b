"""Fails unless the Surefire reports of test classes whose name contains the word show tests that
ran and none that were skipped: CI requires the service-backed tests, it does not accept a skip."""
import glob
import sys
import xml.etree.ElementTree as ET

word = sys.argv[1]
ran = skipped = 0
for path in glob.glob("**/target/surefire-reports/TEST-*.xml", recursive=True):
    suite = ET.parse(path).getroot()
    if word not in suite.get("name", ""):
        continue
    ran += int(suite.get("tests", 0)) - int(suite.get("skipped", 0))
    skipped += int(suite.get("skipped", 0))
print(f"{word}: {ran} ran, {skipped} skipped")
if ran == 0 or skipped:
    sys.exit(f"{word}-backed tests must run in CI, none skipped")
