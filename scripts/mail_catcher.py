"""A local mail catcher for the demo (make run): an SMTP server on loopback that
keeps every mail it receives, and a small web page that lists them.

    python scripts/mail_catcher.py --smtp-port 2525 --http-port 8025

Odoo's outgoing server (created by scripts/run.sh) points at 127.0.0.1:2525; open
http://localhost:8025 to read what the demo sent: the newest first, each mail with
its sender, recipients, subject and body (HTML as sent, in a sandboxed frame).
Nothing leaves the machine; the mails live in memory until the catcher stops.
"""

import argparse
import email
import email.policy
import html
import http.server
import threading
import time

from aiosmtpd.controller import Controller

MAILS = []
LOCK = threading.Lock()


class Keeper:
    # aiosmtpd's name for the hook
    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        html_part = message.get_body(preferencelist=("html",))
        text_part = message.get_body(preferencelist=("plain",))
        with LOCK:
            MAILS.append(
                {
                    "id": len(MAILS) + 1,
                    "received": time.strftime("%d/%m/%Y %H:%M"),
                    "from": str(message.get("From", "")),
                    "to": ", ".join(envelope.rcpt_tos),
                    "subject": str(message.get("Subject", "")),
                    "html": html_part.get_content() if html_part else "",
                    "text": text_part.get_content() if text_part else "",
                    "attachments": [
                        part.get_filename() for part in message.iter_attachments()
                    ],
                }
            )
        return "250 Message accepted for delivery"


PAGE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">
<title>postventa: correos enviados</title><style>
body{{font-family:sans-serif;margin:2em;max-width:70em}} td,th{{padding:.3em .6em;
text-align:left;border-bottom:1px solid #ddd}} iframe{{width:100%;height:32em;
border:1px solid #ccc}} pre{{white-space:pre-wrap}}</style></head><body>{body}
</body></html>"""


class Page(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, body, content_type="text/html; charset=utf-8", status=200):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's name)
        with LOCK:
            mails = list(MAILS)
        path = self.path.rstrip("/")
        if path.startswith("/mail/") and path.endswith("/html"):
            mail = self._find(mails, path.split("/")[2])
            return self._send(mail["html"]) if mail else self._send("", status=404)
        if path.startswith("/mail/"):
            mail = self._find(mails, path.split("/")[2])
            if not mail:
                return self._send(PAGE.format(body="<p>No existe.</p>"), status=404)
            body = (
                '<p><a href="/">&larr; todos</a></p>'
                f"<h2>{html.escape(mail['subject'])}</h2>"
                f"<p>De: {html.escape(mail['from'])}<br>Para: {html.escape(mail['to'])}"
                f"<br>Recibido: {mail['received']}"
                + (
                    "<br>Adjuntos: "
                    + html.escape(", ".join(map(str, mail["attachments"])))
                    if mail["attachments"]
                    else ""
                )
                + "</p>"
                + (
                    f'<iframe sandbox src="/mail/{mail["id"]}/html"></iframe>'
                    if mail["html"]
                    else f"<pre>{html.escape(mail['text'])}</pre>"
                )
            )
            return self._send(PAGE.format(body=body))
        rows = "".join(
            f"<tr><td>{mail['received']}</td><td>{html.escape(mail['to'])}</td>"
            f'<td><a href="/mail/{mail["id"]}">{html.escape(mail["subject"])}</a></td>'
            f"<td>{html.escape(mail['from'])}</td></tr>"
            for mail in reversed(mails)
        )
        body = (
            f"<h1>Correos enviados por la demo ({len(mails)})</h1>"
            "<table><tr><th>Recibido</th><th>Para</th><th>Asunto</th><th>De</th></tr>"
            f"{rows}</table>"
        )
        return self._send(PAGE.format(body=body))

    @staticmethod
    def _find(mails, key):
        return next((mail for mail in mails if str(mail["id"]) == key), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=2525)
    parser.add_argument("--http-port", type=int, default=8025)
    args = parser.parse_args()
    controller = Controller(Keeper(), hostname=args.host, port=args.smtp_port)
    controller.start()
    server = http.server.ThreadingHTTPServer((args.host, args.http_port), Page)
    try:
        server.serve_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
