"""Journey part 3 (see journey_test.py): share the synced students, in the console only.

A consumer 辅导员办公室 (counselling-office) and its policy for `j.entity` with two masks (SFZJH,
YDDH), a row scope (the department of `j.subject`) and an expiry; the "这个消费方会看到什么"
preview for j.subject (masked) and for a student of another department (out of scope); a form
学生信息核对表 with a few elements, granted to the consumer, and its prefill for j.subject. Then the
files on disk, and a token for the new consumer (`campushub token create`, the one step outside the
console): the real API must answer what the previews showed.
"""
import csv
import subprocess
import urllib.parse

CONSUMER, TITLE = "counselling-office", "辅导员办公室"
PURPOSE = "counselling"
FORM, FORM_TITLE = "student-check", "学生信息核对表"
FIELDS = ["XH", "XM", "XBM", "SFZJH", "DWH", "YDDH"]  # in the entity's order, as the page writes them
MASKS = {"SFZJH": "keepLast:4", "YDDH": "keepFirst:3"}
FORM_ELEMENTS = ["XH", "XM", "XBM", "DWH", "YDDH"]
EXPIRES = "2027-07-31"


def masked(value, mask):
    kind, count = mask.split(":")
    count = int(count)
    return value[:count] + "*" * max(0, len(value) - count) if kind == "keepFirst" else "*" * max(0, len(value) - count) + value[-count:]


def other_student(j, department):
    """A synced student of another department, from the export the workspace was given."""
    with open(f"{j.work}/exports/xsjbxx.csv", encoding="gb18030", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        key, unit = header.index("学号"), header.index("院系代码")
        for row in rows:
            if len(row) > unit and row[unit].strip() != department:
                # As the hub holds it (the export's spelling may differ from the normalised value).
                status, record = j.api(f"/v1/admin/records/{j.entity}/{urllib.parse.quote(row[key].strip())}")
                if status == 200 and record["fields"].get("DWH", {}).get("value") not in (None, department):
                    return record["key"]
    return None


def go(j, route, name, selector=None):
    j.page.evaluate("route => { location.hash = '#/' + route }", route)
    j.wait_page(name)
    if selector:
        j.page.wait_for_selector(selector)


def preview(j, path, button, result):
    """Clicks a preview button; the admin API's answer (as the page got it) once the page shows it."""
    with j.page.expect_response(lambda r: r.url.endswith(path) and r.request.method == "POST") as answer:
        j.page.click(button)
    j.page.wait_for_selector(f"{result} .preview-outcome")
    return answer.value.json()


def run(j):
    page = j.page
    record_status, record = j.api(f"/v1/admin/records/{j.entity}/{urllib.parse.quote(j.subject)}")
    j.check(record_status == 200, f"share: the admin API has no {j.entity} {j.subject} ({record_status})")
    fields = {name: field["value"] for name, field in record["fields"].items()}
    department = fields["DWH"]
    outsider = other_student(j, department)
    j.check(outsider is not None, f"share: no synced student outside department {department}")

    # A consumer.
    go(j, "sharing", "sharing")
    j.check("it-admin" in page.inner_text("#main"), "share: the sharing page does not list it-admin")
    page.click("a[href='#/sharing?consumer=new']")
    page.wait_for_selector("#consumer-form")
    page.fill("#consumer-form input[name=name]", CONSUMER)
    page.fill("#consumer-form input[name=title]", TITLE)
    page.fill("#consumer-form input[name=department]", department)
    page.click("#consumer-form button[type=submit]")
    page.wait_for_selector("p.saved")
    j.wait_page("sharing")
    consumers = {c["name"]: c for c in (j.file("standards/sharing.json") or {}).get("consumers", [])}
    j.check(consumers.get(CONSUMER, {}).get("title") == TITLE and consumers[CONSUMER].get("department") == department,
            f"share: standards/sharing.json does not hold consumer {CONSUMER}: {consumers.get(CONSUMER)}")

    # Its policy: fields picked by standard name, two masks, the subject's department as the row scope, an expiry.
    page.click("a[href='#/sharing?policy=new']")
    page.wait_for_selector("#policy-form")
    page.select_option("#policy-form select[name=consumer]", CONSUMER)
    page.select_option("#policy-form select[name=entity]", j.entity)
    for element in FIELDS:
        page.check(f"#policy-form input[name=field][value={element}]")
    for element, mask in MASKS.items():
        page.select_option(f"#policy-form select[name=mask-{element}]", mask)
    page.select_option("#policy-form .scope-row select", "DWH")
    page.fill("#policy-form .scope-row input[name=scopeValues]", department)
    page.fill("#policy-form input[name=purposes]", PURPOSE)
    page.fill("#policy-form input[name=expires]", EXPIRES)

    # What would this consumer see: j.subject, masked; a student of another department, refused.
    page.fill("#policy-form input[name=previewKey]", j.subject)
    inside = preview(j, "/v1/admin/sharing/preview", "#policy-form .preview-policy", "#policy-form .preview-result")
    shown = inside.get("response", {}).get("fields", {})
    j.check(inside.get("outcome") == "shown" and inside.get("status") == 200, f"share: the preview of {j.subject} is {inside.get('outcome')} {inside.get('status')}")
    j.check(sorted(shown) == sorted(e for e in FIELDS if e in fields), f"share: the preview shows {sorted(shown)}, not {FIELDS}")
    for element, mask in MASKS.items():
        if element in fields:
            j.check(shown.get(element, {}).get("value") == masked(fields[element], mask) and shown[element].get("masked") is True,
                    f"share: the preview does not mask {element} as {mask}")
    text = page.inner_text("#policy-form .preview-result")
    j.check(fields["XM"] in text and "已脱敏" in text, "share: the page does not show the previewed record with its masked fields")
    for element in MASKS:
        if element in fields:
            j.check(fields[element] not in text, f"share: the page shows {element} unmasked")
    j.shot("share-policy-preview")
    page.fill("#policy-form input[name=previewKey]", outsider)
    outside = preview(j, "/v1/admin/sharing/preview", "#policy-form .preview-policy", "#policy-form .preview-result")
    j.check(outside.get("outcome") == "out_of_scope", f"share: the preview of {outsider} (another department) is {outside.get('outcome')}")
    j.check("不在" in page.inner_text("#policy-form .preview-result"), "share: the page does not say the record is out of scope")
    j.shot("share-policy-out-of-scope")
    page.click("#policy-form button.save-policy")
    page.wait_for_selector("p.saved")
    j.wait_page("sharing")
    policies = [p for p in (j.file("standards/sharing.json") or {}).get("policies", []) if p.get("consumer") == CONSUMER]
    j.check(len(policies) == 1, f"share: standards/sharing.json has {len(policies)} policies for {CONSUMER}")
    policy = policies[0] if policies else {}
    j.check(policy.get("entity") == j.entity and policy.get("fields") == FIELDS and policy.get("masks") == MASKS
            and policy.get("scope") == {"DWH": [department]} and policy.get("purposes") == [PURPOSE] and policy.get("expires") == EXPIRES,
            f"share: the saved policy is {policy}")
    j.shot("share-policies")

    # A form, granted to the consumer, and its prefill for j.subject.
    go(j, "forms", "forms")
    page.click("a[href='#/forms?form=new']")
    page.wait_for_selector("#form-form")
    page.fill("#form-form input[name=formId]", FORM)
    page.fill("#form-form input[name=title]", FORM_TITLE)
    page.select_option("#form-form select[name=entity]", j.entity)
    for element in FORM_ELEMENTS:
        page.check(f"#form-form input[name=element][value={element}]")
    page.check(f"#form-form input[name=grant][value={CONSUMER}]")
    page.select_option("#form-form select[name=previewConsumer]", CONSUMER)
    page.fill("#form-form input[name=previewSubject]", j.subject)
    page.fill("#form-form input[name=previewPurpose]", PURPOSE)
    prefill = preview(j, "/v1/admin/forms/preview", "#form-form .preview-form", "#form-form .preview-result")
    filled = {f["element"]: f for f in prefill.get("response", {}).get("fields", [])}
    j.check(prefill.get("outcome") == "shown" and list(filled) == FORM_ELEMENTS, f"share: the form's prefill preview is {prefill.get('outcome')} with {list(filled)}")
    j.check(filled.get("XM", {}).get("value") == fields["XM"], "share: the prefill preview does not name the student")
    if "YDDH" in fields:
        j.check(filled.get("YDDH", {}).get("value") == masked(fields["YDDH"], MASKS["YDDH"]), "share: the prefill preview does not mask YDDH")
    j.shot("share-form-prefill")
    page.click("#form-form button.save-form")
    page.wait_for_selector("p.saved")
    j.wait_page("forms")
    forms = {f["id"]: f for f in (j.file("standards/forms.json") or {}).get("forms", [])}
    j.check(forms.get(FORM) == {"id": FORM, "title": FORM_TITLE, "entity": j.entity, "elements": FORM_ELEMENTS},
            f"share: standards/forms.json holds {forms.get(FORM)}")
    policy = next((p for p in (j.file("standards/sharing.json") or {}).get("policies", []) if p.get("consumer") == CONSUMER), {})
    j.check(policy.get("forms") == [FORM], f"share: the consumer's policy lists the forms {policy.get('forms')}")
    j.check(FORM_TITLE in page.inner_text("#main"), "share: the forms page does not list the new form")
    j.shot("share-forms")

    # The consumer's own token: the real API answers what the previews showed.
    made = subprocess.run([j.bin, "token", "create", "--workspace", j.work, "--consumer", CONSUMER, "--expires", "1d"],
                          capture_output=True, text=True, timeout=60)
    token = made.stdout.strip()
    j.check(made.returncode == 0 and token, f"share: campushub token create --consumer {CONSUMER} failed: {made.stderr.strip()}")
    status, body = j.api(f"/v1/entities/{j.entity}/{urllib.parse.quote(j.subject)}?purpose={PURPOSE}", token=token)
    j.check(status == 200 and body == inside.get("response"), f"share: the consumer's read of {j.subject} ({status}) is not the preview: {body}")
    status, body = j.api(f"/v1/entities/{j.entity}/{urllib.parse.quote(outsider)}?purpose={PURPOSE}", token=token)
    j.check(status == outside.get("status") == 404 and (body or {}).get("error", {}).get("code") == "no_record",
            f"share: the consumer's read of {outsider} outside its scope is {status} {body}")
    status, body = j.api(f"/v1/prefill/{FORM}?subject={urllib.parse.quote(j.subject)}&purpose={PURPOSE}", token=token)
    j.check(status == 200 and body == prefill.get("response"), f"share: the consumer's prefill of {FORM} ({status}) is not the preview: {body}")
    status, _ = j.api(f"/v1/prefill/{FORM}?subject={urllib.parse.quote(outsider)}&purpose={PURPOSE}", token=token)
    j.check(status == 404, f"share: the consumer's prefill for {outsider} outside its scope is {status}")
