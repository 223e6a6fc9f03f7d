"""The provider as a second process, and what a person does there.

The provider gets a folder of its own (SQLite file, an RSA signing key generated here with
``cryptography``, its server's output), is registered with Parity's callback addresses, and
answers on 127.0.0.1 and a free port; the fixture waits for its key set to answer, with a
deadline. A person signs in at the provider with ``requests``, as a browser would, and the
provider's redirect back to Parity (with the code and state) is returned unfollowed: the
caller hands it to Parity's own test client or browser.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[3]
#: Seconds for the provider's first answer, and for it to stop.
START_SECONDS = 60
STOP_SECONDS = 15
_SETTINGS = "tests.support.oidc_provider.settings"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Provider:
    base: str
    folder: Path
    client_id: str
    client_secret: str

    def parity_environment(self, name: str = "Contoso") -> dict[str, str]:
        """The ``PARITY_OIDC_*`` variables an operator would set for this provider."""
        return {
            "PARITY_OIDC_CLIENT_ID": self.client_id,
            "PARITY_OIDC_CLIENT_SECRET": self.client_secret,
            "PARITY_OIDC_AUTHORIZATION_URL": f"{self.base}/o/authorize/",
            "PARITY_OIDC_TOKEN_URL": f"{self.base}/o/token/",
            "PARITY_OIDC_USERINFO_URL": f"{self.base}/o/userinfo/",
            "PARITY_OIDC_JWKS_URL": f"{self.base}/o/.well-known/jwks.json",
            "PARITY_OIDC_NAME": name,
        }

    def add_person(
        self,
        username: str,
        password: str,
        email: str,
        *,
        verified: bool = True,
        first_name: str = "",
        last_name: str = "",
    ) -> None:
        """A person in the provider's directory; ``verified=False`` makes its
        ``email_verified`` claim false."""
        names = ["--first-name", first_name, "--last-name", last_name]
        flags = [] if verified else ["--unverified"]
        manage(self.folder, "provider_person", username, password, email, *names, *flags)

    def sign_in(self, authorize_url: str, username: str, password: str) -> str:
        """Sign in at the provider; the address it sends the browser back to (Parity's)."""
        assert authorize_url.startswith(f"{self.base}/o/authorize/"), authorize_url
        with requests.Session() as browser:
            form = browser.get(authorize_url, timeout=30)
            assert form.status_code == 200, form.text
            token = _CSRF.search(form.text)
            assert token, "the provider's sign-in form has no CSRF token"
            fields = {"username": username, "password": password}
            answer = browser.post(
                form.url,
                data={**fields, "csrfmiddlewaretoken": token.group(1)},
                allow_redirects=False,
                timeout=30,
            )
            while answer.is_redirect:
                target = urljoin(answer.url, answer.headers["Location"])
                if not target.startswith(self.base):
                    return target
                answer = browser.get(target, allow_redirects=False, timeout=30)
        raise AssertionError(f"the provider did not send the browser back:\n{answer.text}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PARITY_"))}
    python_path = os.pathsep.join([str(ROOT), str(ROOT / "src")])
    return env | {
        "DJANGO_SETTINGS_MODULE": _SETTINGS,
        "PROVIDER_DIR": str(folder),
        "PYTHONPATH": python_path,
        "PYTHONUNBUFFERED": "1",
    }


def manage(folder: Path, *command: str) -> None:
    """A management command of the provider project, which must succeed."""
    done = subprocess.run(
        [sys.executable, "-m", "django", *command],
        cwd=ROOT,
        env=_environment(folder),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"provider {command[0]} failed:\n{done.stdout}{done.stderr}"


def _write_signing_key(folder: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = folder / "signing-key.pem"
    path.write_bytes(pem)
    path.chmod(0o600)


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the provider exited early:\n{log.read_text()}")
        try:
            if requests.get(f"{base}/o/.well-known/jwks.json", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError(
        f"the provider did not answer within {START_SECONDS} s:\n{log.read_text()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_SECONDS)


@contextmanager
def running_provider(folder: Path, redirect_uris: list[str]) -> Iterator[Provider]:
    """A provider on a free port that knows Parity as a client with these callbacks."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_signing_key(folder)
    # Hexadecimal: a URL-safe secret may begin with "-", which the command reads as an option.
    client_id, client_secret = "parity", secrets.token_hex(32)
    manage(folder, "migrate", "--verbosity", "0")
    manage(folder, "provider_client", client_id, client_secret, *redirect_uris)
    port = free_port()
    log = folder / "provider.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=_environment(folder),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process, log)
        yield Provider(base, folder, client_id, client_secret)
    finally:
        _stop(process)
