# The image of `docker compose run --rm test`: the official odoo:18.0, plus what the
# suite needs beyond it, so that it runs the whole suite of `make test`:
#  * Chromium for the browser tours (without it Odoo skips every tour). The official
#    image is Ubuntu, whose chromium is a snap that does not run in a container, so
#    Debian's chromium is taken, pinned: nothing else comes from Debian unless Ubuntu
#    lacks it.
#  * pytest-odoo and the other test tools of requirements-test.txt, at build time:
#    a run needs no network.
FROM odoo:18.0
USER root
COPY requirements-test.txt /tmp/requirements-test.txt
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debian-archive-keyring; \
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg; \
    { echo "deb [signed-by=$keyring] http://deb.debian.org/debian bookworm main"; \
      echo "deb [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main"; \
    } > /etc/apt/sources.list.d/debian-bookworm.list; \
    printf '%s\n' \
        'Package: *' 'Pin: release o=Debian' 'Pin-Priority: 100' '' \
        'Package: chromium chromium-common chromium-sandbox' 'Pin: release o=Debian' 'Pin-Priority: 700' \
        > /etc/apt/preferences.d/debian-chromium; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core; \
    rm -rf /var/lib/apt/lists/*; \
    chromium --version; \
    pip3 install --no-cache-dir --break-system-packages -r /tmp/requirements-test.txt; \
    python3 -c "import pytest_odoo, websocket"
USER odoo
