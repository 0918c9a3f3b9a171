"""A real IMAP server for the tests: Dovecot on 127.0.0.1 with a temporary configuration,
passwd-file users and Maildirs in a temporary folder; messages are delivered by writing
them into Maildir/new, as a local delivery agent does."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

from tests.local_mail import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MAIL_USER = "dovecot"  # Dovecot will not give root's uid to mail; its own user owns the Maildirs

CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
instance_name = outreach-test-{name}
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
auth_mechanisms = plain login{oauth_mechanisms}
disable_plaintext_auth = no
mail_location = maildir:{base}/mail/%u/Maildir
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = {uid}
last_valid_uid = {uid}
default_login_user = dovenull
default_internal_user = dovecot
login_trusted_networks =
namespace inbox {{
  inbox = yes
  # Flagged \\Junk as a server flags its spam folder; the name is one no list of usual names holds.
  mailbox "Filtered Out" {{
    special_use = \\Junk
  }}
}}
{oauth_passdb}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


# Access tokens checked by asking the provider who they speak for, as Dovecot asks Microsoft's Graph.
OAUTH_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {base}/oauth2.conf.ext
}}
"""

OAUTH_CONFIG = """\
introspection_mode = auth
introspection_url = {userinfo_url}
username_attribute = email
"""


def dovecot_available() -> bool:
    return os.path.exists(DOVECOT)


class Dovecot:
    """One Dovecot instance: users with passwords, IMAP and IMAPS ports, and delivery into INBOX."""

    def __init__(self, base: Path, users: dict[str, str], cert_pem: Path | None = None, key_pem: Path | None = None,
                 oauth_userinfo_url: str = ""):
        self.base, self.users, self.oauth_userinfo_url = base, users, oauth_userinfo_url
        self.port, self.tls_port = free_port(), free_port()
        self.cert_pem, self.key_pem = cert_pem, key_pem
        self.process: subprocess.Popen | None = None
        account = pwd.getpwnam(MAIL_USER)
        self.uid, self.gid = account.pw_uid, account.pw_gid

    def start(self) -> "Dovecot":
        for folder in ("run", "state", "mail"):
            (self.base / folder).mkdir(parents=True, exist_ok=True)
        os.chown(self.base / "mail", self.uid, self.gid)
        os.chmod(self.base, 0o755)
        (self.base / "passwd").write_text("".join(f"{user}:{{PLAIN}}{password}::::::\n"
                                                  for user, password in self.users.items()))
        ssl_files = ""
        if self.cert_pem:
            ssl_files = f"ssl_cert = <{self.cert_pem}\nssl_key = <{self.key_pem}"
        if self.oauth_userinfo_url:
            (self.base / "oauth2.conf.ext").write_text(OAUTH_CONFIG.format(userinfo_url=self.oauth_userinfo_url))
        (self.base / "dovecot.conf").write_text(CONFIG.format(
            oauth_mechanisms=" xoauth2 oauthbearer" if self.oauth_userinfo_url else "",
            oauth_passdb=OAUTH_PASSDB.format(base=self.base) if self.oauth_userinfo_url else "", base=self.base, name=uuid.uuid4().hex[:8], ssl="yes" if self.cert_pem else "no",
            ssl_files=ssl_files, uid=self.uid, gid=self.gid, port=self.port, tls_port=self.tls_port))
        with open(self.base / "stdout.log", "wb") as output:
            self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.base / "dovecot.conf")],
                                            stdout=output, stderr=subprocess.STDOUT)
        self._wait_for_port()
        for user in self.users:
            self.maildir(user)
        return self

    def _wait_for_port(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot stopped: {(self.base / 'stdout.log').read_text(errors='replace')}"
                                   f"{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def maildir(self, user: str) -> Path:
        """The user's Maildir, made as Dovecot makes it, owned by the mail user."""
        root = self.base / "mail" / user / "Maildir"
        for folder in (root.parent, root, root / "new", root / "cur", root / "tmp"):
            folder.mkdir(exist_ok=True)
            os.chown(folder, self.uid, self.gid)
        return root

    def deliver(self, user: str, raw: bytes) -> Path:
        """Put a message in the user's INBOX the way a delivery agent does (tmp, then new)."""
        root = self.maildir(user)
        name = f"{time.time_ns()}.{uuid.uuid4().hex}.outreach-test"
        staged = root / "tmp" / name
        staged.write_bytes(raw)
        os.chown(staged, self.uid, self.gid)
        final = root / "new" / name
        staged.rename(final)
        return final

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class CuttingProxy:
    """A TCP proxy to a server that closes both sides once the server has sent `cut_after` bytes:
    a server that goes away in the middle of a session."""

    def __init__(self, port: int, cut_after: int):
        import threading

        self.target, self.cut_after = port, cut_after
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import select

        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        server = socket.create_connection(("127.0.0.1", self.target))
        sent = 0
        with client, server:
            while sent < self.cut_after:
                ready, _, _ = select.select([client, server], [], [], 10)
                if not ready:
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is server:
                        data = data[: self.cut_after - sent]
                        sent += len(data)
                        client.sendall(data)
                    else:
                        server.sendall(data)

    def close(self) -> None:
        self.listener.close()
