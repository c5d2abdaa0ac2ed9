"""Which key signs the papers sealed at this counter, and the token PIN of the officer signed in.

Circular 01/2023 Art. 8: the person who scanned signs the electronic copy with a personal digital
signature. The rule, for every sealing (:meth:`CounterSigning.signer`):

- **The counter has a token set up** (``[signing] pkcs11_module`` in kiosk.toml: the driver of the
  USB tokens the office's certificate authority issues): the paper is signed on the officer's
  token. The first sealing of a signed-in session needs the PIN (:class:`PinNeeded`); the PIN is
  checked on the token (:meth:`CounterSigning.unlock`) and then kept in this object's memory only,
  bound to the officer who typed it, until :meth:`CounterSigning.forget` (sign-out, lock). It is
  never logged and never written anywhere. A PIN the token refuses is forgotten at once.
- **The token fails** (not plugged in, wrong PIN, no key): the :class:`~kiosk.signing.SigningError`
  says why and nothing is sealed; the officer retries. Only where the config allows it
  (``software_fallback = true``) may the officer choose their software key for the rest of the
  session (:meth:`CounterSigning.use_software`).
- **No token set up:** the officer's software key (``kiosk signing demo-key``) when there is one,
  unsigned otherwise (a machine with no key set up at all).

Token access is serialised by a lock (python-pkcs11 initialises the module without OS locking, so
one thread at a time) and happens in the calling thread of this process: a PKCS#11 session cannot
cross a process boundary, so the image work stays in the worker pool and the signing runs on a
thread of the app process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.signing import Signer, SigningError, WrongPin
from kiosk.signing.token import TokenConfig


class PinNeeded(SigningError):
    """The token's PIN has not been given in this session (the UI asks for it, then retries)."""


@dataclass(frozen=True)
class SigningSetup:
    """The counter's signing configuration (``[signing]`` in kiosk.toml)."""

    token: TokenConfig | None = None
    software_fallback: bool = False


@dataclass
class _Unlocked:
    officer_id: int | None
    pin: str
    holder: str


class CounterSigning:
    """The signing key of the officer at this counter. Thread-safe; no method touches the disk
    except :meth:`signer` and :meth:`unlock` (key file, token), which callers run off the UI
    thread."""

    def __init__(self, setup: SigningSetup, software_keys: Path) -> None:
        self.setup, self.software_keys = setup, Path(software_keys)
        self._state = threading.Lock()  # held only to read or change the fields below
        self._token = threading.Lock()  # held for the whole of one token session
        self._unlocked: _Unlocked | None = None
        self._software_for: set[int | None] = set()
        self._epoch = 0  # counts forget(): a PIN checked across a lock or sign-out is not kept

    # --- what the UI asks ------------------------------------------------------------------------

    @property
    def uses_token(self) -> bool:
        return self.setup.token is not None

    @property
    def token_label(self) -> str:
        return self.setup.token.shown_label if self.setup.token else ""

    @property
    def fallback_allowed(self) -> bool:
        """The officer may seal with their software key when the token fails."""
        return self.uses_token and self.setup.software_fallback

    def needs_pin(self, officer_id: int | None) -> bool:
        """Sealing now would first ask this officer for the token PIN."""
        with self._state:
            if not self.uses_token or officer_id in self._software_for:
                return False
            return self._unlocked is None or self._unlocked.officer_id != officer_id

    def unlock(self, officer_id: int | None, pin: str) -> str:
        """Check ``pin`` on the token and keep it for ``officer_id``'s session; returns the name
        of the certificate's holder. Raises the token's :class:`SigningError` (nothing kept)."""
        from kiosk.signing.token import token_signer

        if self.setup.token is None:
            raise SigningError(
                "Máy này chưa được cài đặt USB token để ký số.",
                english="No token is set up on this machine.",
            )
        if not pin:
            raise WrongPin("Hãy nhập mã PIN của USB token.", english="Type the token PIN.")
        self.forget()
        with self._state:
            epoch = self._epoch
        with self._token, token_signer(self.setup.token, pin) as signer:
            holder = signer.name
        with self._state:
            if self._epoch != epoch:  # locked or signed out while the token checked it
                raise PinNeeded(
                    "Màn hình đã khóa trong lúc kiểm tra mã PIN; hãy nhập lại.",
                    english="The screen was locked while the PIN was checked; type it again.",
                )
            self._unlocked = _Unlocked(officer_id, pin, holder)
            self._software_for.discard(officer_id)
        return holder

    def use_software(self, officer_id: int | None) -> None:
        """Seal with the officer's software key for the rest of the session (only when the
        config allows it)."""
        if not self.fallback_allowed:
            raise SigningError(
                "Cấu hình của quầy không cho phép ký bằng khóa mềm thay cho USB token.",
                english="This counter does not allow the software key instead of the token.",
            )
        with self._state:
            self._software_for.add(officer_id)

    def forget(self) -> None:
        """Sign-out or lock: drop the PIN and the software-key choice."""
        with self._state:
            self._unlocked = None
            self._software_for.clear()
            self._epoch += 1

    # --- what the sealing uses -------------------------------------------------------------------

    @contextmanager
    def signer(self, officer_id: int | None, officer_name: str) -> Iterator[Signer | None]:
        """The key that signs the paper sealed now by this officer (None: unsigned), per the
        module's rule. Raises :class:`PinNeeded` and the token's :class:`SigningError`."""
        with self._state:
            unlocked, software = self._unlocked, officer_id in self._software_for
        if self.setup.token is None or software:
            yield self._software_signer(officer_name, required=software)
            return
        if unlocked is None or unlocked.officer_id != officer_id:
            raise PinNeeded(
                f"Cần mã PIN của {self.token_label} để ký số giấy tờ số hóa.",
                english="The token PIN is needed to sign.",
            )
        from kiosk.signing.token import token_signer

        with self._token:
            try:
                with token_signer(self.setup.token, unlocked.pin) as signer:
                    yield signer
            except WrongPin:
                with self._state:
                    if self._unlocked is unlocked:
                        self._unlocked = None  # changed or locked since: ask again
                raise

    def sealer(self) -> Callable[[Sequence[Any], Any], bytes]:
        """A sealer for the page store (``(pages, SealMeta) -> bytes``): each paper signed by
        the key :meth:`signer` picks for the meta's officer."""
        from kiosk.scanning.seal import paper_sealer

        def seal(pages: Sequence[Any], meta: Any) -> bytes:
            officer_id = getattr(meta, "officer_id", None)
            with self.signer(officer_id, getattr(meta, "officer_name", "") or "") as signer:
                return paper_sealer(signer)(pages, meta)

        return seal

    def _software_signer(self, officer_name: str, *, required: bool) -> Signer | None:
        from kiosk.signing import KeyMissing
        from kiosk.signing.software import key_file, software_signer

        key = key_file(self.software_keys, officer_name) if officer_name.strip() else None
        if key is not None and key.is_file():
            return software_signer(key)
        if required:
            raise KeyMissing(
                "Anh/chị chưa có khóa ký mềm trên máy này (kiosk signing demo-key). "
                "Hãy dùng USB token.",
                english="You have no software key on this machine; use the token.",
            )
        return None
