#!/usr/bin/env python3
"""End to end through a real Label Studio: export -> review in a browser -> import -> retrain -> mine.

1. starts Label Studio on 127.0.0.1 (its data in a temporary folder), logs in,
2. creates a project with `claimminer review config` and imports the tasks of `claimminer review
   export` on the seed articles,
3. drives headless Chromium (scripts/e2e/label.mjs) to open a task the classifier scored below the
   mining threshold, mark it "claim" and submit it (a screenshot goes to OUT/labeling.png),
4. exports the annotations through the API, runs `claimminer review import`, retrains the
   classifier with the new example into a copy of the models folder (classifier/reviewed),
5. checks that the new version differs from the shipped one, and that `mine --model
   classifier/reviewed` now gives the corrected sentence's claim where the shipped one did not.

usage: e2e_label_studio.py OUT_DIR  (run by scripts/e2e-label-studio, which installs what it needs)
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "claimminer")
EMAIL, PASSWORD = "reviewer@example.org", "review-pass-123"
DATA = os.path.join(ROOT, "..", "shared", "data", "checkworthiness")
# The classifier version the models folder ships, and the one retrained with the reviewed example.
SHIPPED = json.load(open(os.path.join(ROOT, "models", "manifest.json")))["classifier"]
REVIEWED = "classifier/reviewed"


def run(*args, **kw):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="claimminer-e2e-")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, LABEL_STUDIO_USERNAME=EMAIL, LABEL_STUDIO_PASSWORD=PASSWORD,
               LABEL_STUDIO_BASE_DATA_DIR=os.path.join(work, "ls"), SENTRY_DSN="", FRONTEND_SENTRY_DSN="",
               COLLECT_ANALYTICS="false", LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true")
    ls_bin = os.path.join(os.path.dirname(sys.executable), "label-studio")
    log = open(os.path.join(out, "label-studio.log"), "w")
    server = subprocess.Popen([ls_bin, "start", "--no-browser", "--host", "127.0.0.1", "--port", str(port),
                               "--data-dir", os.path.join(work, "ls")], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 300
        while True:
            try:
                if requests.get(url + "/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.time() > deadline or server.poll() is not None:
                sys.exit(f"e2e: Label Studio did not start (see {out}/label-studio.log)")
            time.sleep(2)

        # Session login, as the browser does.
        s = requests.Session()
        s.get(url + "/user/login/")
        r = s.post(url + "/user/login/", data={"email": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                   headers={"Referer": url + "/user/login/"}, allow_redirects=False)
        assert r.status_code == 302, f"login failed: {r.status_code}"
        h = {"X-CSRFToken": s.cookies["csrftoken"], "Referer": url + "/"}

        # Tasks: every quantity of the seeds, and of a short piece whose numeric sentence the
        # classifier under-scores, so that there is something for the reviewer to correct.
        extra = os.path.join(work, "extra")
        os.makedirs(extra)
        open(os.path.join(extra, "party.txt"), "w").write("She told me that 40 people came to the party and we all sang.\n")
        claims = os.path.join(work, "claims.jsonl")
        run(BIN, "mine", "-q", "--min-claim-score", "0", "-o", claims, os.path.join(ROOT, "seeds"), extra)
        tasks_file = os.path.join(work, "tasks.json")
        run(BIN, "review", "export", claims, "--format", "label-studio", "-o", tasks_file)
        config = subprocess.run([BIN, "review", "config", "--format", "label-studio"], check=True, capture_output=True, text=True).stdout
        tasks = json.load(open(tasks_file))
        model_version = tasks[0]["predictions"][0]["model_version"]
        r = s.post(url + "/api/projects", json={"title": "claimminer review", "label_config": config, "model_version": model_version,
                                                 "show_collab_predictions": True}, headers=h)
        assert r.status_code == 201, r.text
        project = r.json()["id"]
        r = s.post(url + f"/api/projects/{project}/import", json=tasks, headers=h)
        assert r.status_code == 201, r.text
        listed = s.get(url + f"/api/tasks?project={project}&page_size=1000", headers=h).json()
        listed = listed["tasks"] if isinstance(listed, dict) else listed
        # The task to correct: the model says not_claim, the reviewer says claim.
        meta = json.load(open(os.path.join(ROOT, "models", SHIPPED, "meta.json")))
        threshold = meta["mine_threshold"]
        target = next(t for t in listed if t["data"]["claim_score"] < threshold)
        sentence = target["data"]["text"]
        print(f"e2e: reviewing task {target['id']}: score {target['data']['claim_score']}: {sentence}", flush=True)

        shot = os.path.join(out, "labeling.png")
        run("node", os.path.join(ROOT, "scripts", "e2e", "label.mjs"), url, EMAIL, PASSWORD, project, target["id"], shot,
            cwd=os.environ.get("PLAYWRIGHT_DIR", os.path.join(ROOT, "scripts", "e2e")))
        assert os.path.getsize(shot) > 10_000, "screenshot missing"

        exported = os.path.join(out, "label-studio-export.json")
        r = s.get(url + f"/api/projects/{project}/export?exportType=JSON", headers=h)
        assert r.ok, r.text
        open(exported, "w").write(r.text)
        annotated = [t for t in r.json() if t.get("annotations")]
        assert len(annotated) == 1, f"expected one annotated task, got {len(annotated)}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    labels = os.path.join(out, "labels.jsonl")
    run(BIN, "review", "import", exported, "--format", "label-studio", "-o", labels)
    examples = [json.loads(l) for l in open(labels)]
    corrected = [e for e in examples if e["type"] == "sentence"]
    assert corrected == [dict(corrected[0], text=sentence, claim=True)], corrected

    models = os.path.join(work, "models")
    shutil.copytree(os.path.join(ROOT, "models"), models)
    run(BIN, "train", "classifier", "--tsv", os.path.join(DATA, "CT24_checkworthy_english_train.tsv"),
        "--claimbuster", os.path.join(DATA, "claimbuster_train.json"), "--dev", os.path.join(DATA, "CT24_checkworthy_english_dev.tsv"),
        "--holdout", os.path.join(DATA, "CT24_checkworthy_english_dev-test.tsv"), "--add", labels,
        "--models", models, "-o", os.path.join(models, REVIEWED))
    old = open(os.path.join(models, SHIPPED, "classifier.bin"), "rb").read()
    new = open(os.path.join(models, REVIEWED, "classifier.bin"), "rb").read()
    assert old != new, "the new model version equals the old one"
    meta = json.load(open(os.path.join(models, REVIEWED, "meta.json")))
    assert any(d["path"] == labels for d in meta["data"]), "the reviewed examples are named in the new model's metadata"

    article = os.path.join(work, "article.txt")
    open(article, "w").write(sentence + "\n")
    def mined(version):
        p = subprocess.run([BIN, "mine", "-q", "--models", models, "--model", version, article], check=True, capture_output=True, text=True)
        return [json.loads(l) for l in p.stdout.splitlines()]
    before, after = mined(SHIPPED), mined(REVIEWED)
    assert not before, f"{SHIPPED} already kept the sentence: {before}"
    assert after and all(c["models"]["classifier"] == REVIEWED for c in after), after
    print("e2e: 1 passed, 0 failed")
    print(f"e2e: {SHIPPED} kept 0 claims, {REVIEWED} keeps {len(after)} ({after[0]['quantity']['text']!r}); screenshot {shot}")


if __name__ == "__main__":
    main()
