"""HTTP client of the postventa courier REST API (v1), on ``requests``.

Every call has a connect and a read timeout. Failures come out as two kinds:
:class:`CourierUnavailable` (network, timeout, 5xx, unreadable answer: try again
later, with the same idempotency key) and :class:`CourierRejected` (4xx: the courier
said no; retrying the same request will not help)."""

import requests


class CourierError(Exception):
    pass


class CourierUnavailable(CourierError):
    """Temporary: the outbox retries it."""


class CourierRejected(CourierError):
    """Final: a person has to look at it."""


class CourierClient:
    def __init__(
        self, base_url, api_key, connect_timeout=3.0, read_timeout=10.0, session=None
    ):
        self.base_url = (base_url or "").rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or requests.Session()
        self.session.headers.update(
            {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}
        )

    def _call(self, method, path, payload=None, idempotency_key=None, raw=False):
        if not self.base_url:
            raise CourierRejected("the carrier has no API URL")
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                json=payload,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise CourierUnavailable(
                f"timeout after {self.timeout}s: {error}"
            ) from error
        except requests.RequestException as error:
            raise CourierUnavailable(f"connection failed: {error}") from error
        if response.status_code >= 500 or response.status_code == 429:
            raise CourierUnavailable(
                f"HTTP {response.status_code}: {response.text[:200]}"
            )
        if response.status_code >= 400:
            try:
                message = response.json().get("error") or response.text
            except ValueError:
                message = response.text
            raise CourierRejected(f"HTTP {response.status_code}: {message[:300]}")
        if raw:
            return response.content
        try:
            return response.json()
        except ValueError as error:
            raise CourierUnavailable(
                f"unreadable answer: {response.text[:200]!r}"
            ) from error

    def create_shipment(self, payload, idempotency_key):
        answer = self._call("POST", "/v1/shipments", payload, idempotency_key)
        if not isinstance(answer, dict) or not answer.get("tracking_number"):
            raise CourierUnavailable(
                f"answer without tracking number: {answer!r}"[:300]
            )
        return answer

    def reschedule(self, tracking_number, payload, idempotency_key):
        return self._call(
            "POST",
            f"/v1/shipments/{tracking_number}/reschedule",
            payload,
            idempotency_key,
        )

    def cancel(self, tracking_number, idempotency_key):
        return self._call(
            "POST", f"/v1/shipments/{tracking_number}/cancel", {}, idempotency_key
        )

    def track(self, tracking_numbers):
        """Status and events of up to 500 shipments in one call."""
        answer = self._call(
            "POST", "/v1/tracking", {"tracking_numbers": list(tracking_numbers)}
        )
        shipments = answer.get("shipments") if isinstance(answer, dict) else None
        if not isinstance(shipments, list):
            raise CourierUnavailable(
                f"tracking answer without shipments: {answer!r}"[:300]
            )
        return shipments

    def label(self, tracking_number):
        content = self._call("GET", f"/v1/shipments/{tracking_number}/label", raw=True)
        if not content.startswith(b"%PDF"):
            raise CourierUnavailable("the label is not a PDF")
        return content
