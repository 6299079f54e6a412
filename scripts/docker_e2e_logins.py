"""scripts/docker-e2e.sh: log in to the compose stack's Odoo over HTTP, as the
administrator and as a portal user, with Odoo's JSON-RPC (/web/session/authenticate).
Standard library only: it runs on the host and in the odoo container.

    python3 scripts/docker_e2e_logins.py http://127.0.0.1:8069
"""

import http.cookiejar
import json
import sys
import urllib.request

ADDONS = ["postventa_courier", "postventa_helpdesk", "postventa_mrp", "postventa_rma"]


def session(base, login):
    """An opener with the session cookie of `login` (the demo's password is the
    login), the JSON-RPC caller and the session's information."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def rpc(path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            base + path,
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with opener.open(request, timeout=120) as answer:
            answer = json.load(answer)
        if "error" in answer:
            message = answer["error"].get("data", {}).get("message")
            sys.exit(f"{login}: {path}: {message}")
        return answer["result"]

    info = rpc(
        "/web/session/authenticate",
        {"db": "postventa", "login": login, "password": login},
    )
    if not info or not info.get("uid"):
        sys.exit(f"{login} could not log in")
    return opener, rpc, info


def main(base):
    _opener, rpc, info = session(base, "admin")
    if not info["is_internal_user"]:
        sys.exit("admin is not an internal user")
    modules = rpc(
        "/web/dataset/call_kw",
        {
            "model": "ir.module.module",
            "method": "search_read",
            "args": [[("name", "like", "postventa_"), ("state", "=", "installed")]],
            "kwargs": {"fields": ["name", "latest_version"], "order": "name"},
        },
    )
    if [module["name"] for module in modules] != ADDONS:
        sys.exit(f"installed: {modules}")
    versions = ", ".join(f"{m['name']} {m['latest_version']}" for m in modules)
    print(f"admin logged in (uid {info['uid']}); installed: {versions}")

    opener, _rpc, info = session(base, "ana")
    if info["is_internal_user"]:
        sys.exit("ana is not a portal user")
    with opener.open(base + "/my/tickets", timeout=120) as page:
        page.read()
        if page.status != 200 or "/my/tickets" not in page.url:
            sys.exit(f"ana's /my/tickets: {page.status} {page.url}")
    print(f"portal user ana logged in (uid {info['uid']}); her /my/tickets answers")


if __name__ == "__main__":
    main(sys.argv[1])
