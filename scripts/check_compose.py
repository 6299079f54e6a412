"""The structure of docker-compose.yml, checked without Docker: the services, volumes
and start order the Docker path relies on, and what issue 18 fixed (installs once,
upgrades, listens on 127.0.0.1, read-only checkout, ...). `make docker-check` runs it
with `python3` (PyYAML: Debian's python3-yaml, see scripts/system-packages.sh), next
to `docker compose config` where that is available.

    python3 scripts/check_compose.py [docker-compose.yml]
"""

import configparser
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TREE = "/mnt/postventa"
ODOO_IMAGE = "odoo:18.0"
SERVICES = {
    "db",
    "oca-addons",
    "init",
    "courier-aeromar",
    "courier-interior",
    "odoo",
    "test",
}
DEPENDS_ON = {
    "init": {
        "db": "service_healthy",
        "oca-addons": "service_completed_successfully",
    },
    "odoo": {
        "init": "service_completed_successfully",
        "courier-aeromar": "service_started",
        "courier-interior": "service_started",
    },
    "test": {
        "db": "service_healthy",
        "oca-addons": "service_completed_successfully",
    },
}
# service -> (its port, the demo carrier's code in docker-init.sh)
COURIERS = {
    "courier-aeromar": (8070, "aeromar"),
    "courier-interior": (8071, "interior"),
}

checks = []


def check(name, condition, detail=""):
    checks.append((name, bool(condition), detail))


def defaults(text):
    """Compose's ${NAME:-default} and ${NAME-default}, with an empty environment."""
    return re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", text)


def volumes(service):
    """(source, target, options) of each short-syntax volume of a service."""
    for volume in service.get("volumes", []):
        source, target, *mode = volume.split(":")
        yield source, target, set(mode[0].split(",")) if mode else set()


def command_option(service, option):
    command = service.get("command") or []
    return command[command.index(option) + 1] if option in command else None


def main(path):
    text = Path(path).read_text()
    compose = yaml.safe_load(defaults(text))
    services = compose.get("services", {})
    check("the services", set(services) == SERVICES, sorted(services))
    check(
        "the named volumes",
        set(compose.get("volumes", {})) == {"db-data", "oca-addons", "odoo-data"},
        compose.get("volumes"),
    )
    for name, wanted in DEPENDS_ON.items():
        got = {
            dep: (cond or {}).get("condition")
            for dep, cond in services.get(name, {}).get("depends_on", {}).items()
        }
        check(f"{name} starts after {wanted}", got == wanted, got)

    db = services.get("db", {})
    test = db.get("healthcheck", {}).get("test", [])
    check(
        "db is healthy once it answers over TCP",
        "pg_isready" in test and test[test.index("-h") + 1] == "127.0.0.1"
        if "-h" in test
        else False,
        test,
    )

    for name, service in services.items():
        if name not in ("db", "test"):  # test: an image built on it, below
            check(f"{name} runs {ODOO_IMAGE}", service.get("image") == ODOO_IMAGE)
        for source, target, mode in volumes(service):
            if source in (".", "./"):
                check(f"{name}: the checkout is read-only", "ro" in mode, mode)
                check(f"{name}: the checkout is relabelled for SELinux", "z" in mode)
                check(f"{name}: the checkout is at {TREE}", target == TREE)
            if source == "oca-addons":
                check(f"{name}: the OCA addons at /mnt/oca", target == "/mnt/oca")
                check(
                    f"{name}: the OCA addons read-only",
                    ("ro" in mode) == (name != "oca-addons"),
                    mode,
                )
        for port in service.get("ports", []):
            check(
                f"{name}: port {port} published on 127.0.0.1 only",
                str(port).startswith("127.0.0.1:"),
            )
        entrypoint = service.get("entrypoint") or []
        for word in entrypoint:
            if word.startswith(TREE + "/"):
                check(
                    f"{name}: {word} is in the checkout",
                    (ROOT / word[len(TREE) + 1 :]).is_file(),
                )
        rc = (service.get("environment") or {}).get("ODOO_RC")
        if rc:
            check(f"{name}: ODOO_RC in the checkout", rc.startswith(TREE + "/"), rc)

    # the OCA wheels: installed once by scripts/docker-oca.sh, not by pip every time
    oca = services.get("oca-addons", {})
    check(
        "oca-addons runs scripts/docker-oca.sh",
        oca.get("entrypoint") == ["bash", f"{TREE}/scripts/docker-oca.sh"],
        oca.get("entrypoint"),
    )
    check("oca-addons has no command of its own", "command" not in oca)

    # the server: docker/odoo.conf, no database list, the addons path of the volumes
    odoo = services.get("odoo", {})
    environment = odoo.get("environment") or {}
    check(
        "odoo gets the database from the image's entrypoint",
        {"HOST", "USER", "PASSWORD"} <= set(environment),
    )
    conf_path = ROOT / str(environment.get("ODOO_RC", ""))[len(TREE) + 1 :]
    conf = configparser.ConfigParser()
    conf.read(conf_path)
    options = conf["options"] if conf.has_section("options") else {}
    check("docker/odoo.conf has [options]", options, conf_path)
    check("list_db is off", options.get("list_db") == "False")
    check(
        "the addons path: the checkout, then the OCA volume",
        options.get("addons_path") == f"{TREE},/mnt/oca/odoo/addons",
        options.get("addons_path"),
    )
    check(
        "the filestore is the odoo-data volume",
        options.get("data_dir") == "/var/lib/odoo",
    )
    check("odoo serves the demo database alone", options.get("db_name") == "postventa")
    check(
        "odoo and init share the filestore",
        ("odoo-data", "/var/lib/odoo", set()) in volumes(odoo)
        and ("odoo-data", "/var/lib/odoo", set()) in volumes(services.get("init", {})),
    )
    check(
        "init reads docker/odoo.conf",
        (services.get("init", {}).get("environment") or {}).get("ODOO_RC")
        == environment.get("ODOO_RC"),
    )

    # the couriers: reached by service name, links at the published address
    init_script = (ROOT / "scripts/docker-init.sh").read_text()
    for name, (port, code) in COURIERS.items():
        service = services.get(name, {})
        check(
            f"{name} listens on {port}", command_option(service, "--port") == str(port)
        )
        check(
            f"{name} binds every interface",
            command_option(service, "--host") == "0.0.0.0",
        )
        check(
            f"{name}: its links are at the published address",
            command_option(service, "--public-url") == f"http://localhost:{port}",
            command_option(service, "--public-url"),
        )
        check(
            f"{name}: published on {port}",
            f"127.0.0.1:{port}:{port}" in service.get("ports", []),
        )
        check(
            f"the demo carrier {code} is pointed at {name}",
            f"{code}=http://{name}:{port}" in init_script,
        )
    check(
        "Aeromar posts its webhooks to the odoo service",
        command_option(services.get("courier-aeromar", {}), "--webhook-url")
        == "http://odoo:8069/postventa/courier/aeromar/webhook",
    )

    # the tests: Chromium in the image, nothing written into the checkout
    test = services.get("test", {})
    build = test.get("build") or {}
    dockerfile = ROOT / build.get("dockerfile", "-")
    check("test is built from docker/test.Dockerfile", dockerfile.is_file(), dockerfile)
    if dockerfile.is_file():
        lines = dockerfile.read_text().splitlines()
        check(
            f"the test image is {ODOO_IMAGE} with Chromium",
            f"FROM {ODOO_IMAGE}" in lines and "chromium" in dockerfile.read_text(),
        )
        check("the test image runs as odoo", lines[-1] == "USER odoo", lines[-1])
    check("test is a profile of its own", test.get("profiles") == ["test"])
    check("test does not run as root", test.get("user") in (None, "odoo"))
    test_env = test.get("environment") or {}
    check(
        "test writes its coverage data outside the checkout",
        str(test_env.get("COVERAGE_FILE", TREE)).startswith("/tmp/"),
    )
    check(
        "test writes no __pycache__",
        str(test_env.get("PYTHONDONTWRITEBYTECODE")) == "1",
    )
    check("test passes CI through", "CI" in test_env)

    failed = [c for c in checks if not c[1]]
    for name, ok, detail in checks:
        if not ok:
            print(f"FAILED {name}: {detail}")
    print(
        f"docker-compose.yml: {len(checks) - len(failed)} passed, {len(failed)} failed"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docker-compose.yml"))
