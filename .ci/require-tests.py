"""Fails unless the Surefire and Failsafe reports of test classes whose name contains the word show tests that
ran and none that were skipped: CI requires the service-backed tests, it does not accept a skip.

Only each report's <testsuite> tag is read: the captured output further down may hold characters
that XML forbids (the API fuzzer logs the strings it sends), which a full parse refuses."""
import glob
import html
import re
import sys

word = sys.argv[1]
ran = skipped = 0
for path in glob.glob("**/target/*-reports/TEST-*.xml", recursive=True):
    with open(path, encoding="utf-8", errors="replace") as report:
        tag = re.search(r"<testsuite\b[^>]*>", report.read())
    attributes = {name: html.unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', tag.group(0))} if tag else {}
    if word not in attributes.get("name", ""):
        continue
    ran += int(attributes.get("tests", 0)) - int(attributes.get("skipped", 0))
    skipped += int(attributes.get("skipped", 0))
print(f"{word}: {ran} ran, {skipped} skipped")
if ran == 0 or skipped:
    sys.exit(f"{word}-backed tests must run in CI, none skipped")
