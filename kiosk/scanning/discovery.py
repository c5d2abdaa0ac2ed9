"""eSCL scanners found on the local network by multicast DNS service discovery (mDNS / DNS-SD).

A network scanner that speaks eSCL (AirScan, Mopria) advertises ``_uscan._tcp`` (plain HTTP) or
``_uscans._tcp`` (HTTPS), the way sane-airscan and macOS find it. Its TXT record says what it
is: ``ty`` (make and model, for people) and ``rs`` (the eSCL root path, without the leading
slash; ``eSCL`` when absent); the SRV record gives the port, the A/AAAA records the address.
Each service becomes one :class:`~kiosk.scanning.device.DeviceInfo` whose id is
``escl:http://ADDRESS:PORT/rs``, the same id a technician can type.

:func:`discover_escl` listens for about two seconds (``DISCOVERY_SECONDS``) and never raises
for a quiet or missing network: call it from a worker thread, never the UI thread. A record
that makes no usable address is left out, whatever its TXT record holds.
"""

from __future__ import annotations

import ipaddress
import re
import threading
import time
from urllib.parse import quote

from kiosk.scanning.device import DeviceInfo

SERVICE_TYPES = {"_uscan._tcp.local.": "http", "_uscans._tcp.local.": "https"}
DISCOVERY_SECONDS = 2.0
RESOLVE_SECONDS = 1.0  # at most this long again for records the announcements left out
DEFAULT_ROOT = "eSCL"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
MAX_NAME = 120


def device_from_service(info) -> DeviceInfo | None:
    """The device a resolved ``zeroconf.ServiceInfo`` of an eSCL service stands for, or None
    when the record gives no usable address or port (never raises for odd TXT contents)."""
    scheme = SERVICE_TYPES.get((info.type or "").lower())
    port = info.port
    if scheme is None or not isinstance(port, int) or not 0 < port < 65536:
        return None
    host = _host(info)
    if host is None:
        return None
    props = _text_properties(info)
    root = (props.get("rs") or "").strip().strip("/") or DEFAULT_ROOT
    path = quote(root, safe="/-._~")
    default_port = 443 if scheme == "https" else 80
    netloc = host if port == default_port else f"{host}:{port}"
    url = f"{scheme}://{netloc}/{path}"
    name = _CONTROL.sub(" ", props.get("ty") or _instance(info)).strip()[:MAX_NAME]
    return DeviceInfo(f"escl:{url}", name or url, "escl")


def _text_properties(info) -> dict[str, str]:
    """The TXT keys (lower case) with text values; undecodable or valueless keys are dropped."""
    found = {}
    for key, value in (info.properties or {}).items():
        if not isinstance(key, bytes) or not isinstance(value, bytes):
            continue
        try:
            found[key.decode("ascii").lower()] = value.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return found


def _host(info) -> str | None:
    """An IPv4 address if there is one, else a global IPv6 one in brackets (a link-local one
    would need its interface, which a URL cannot carry to every HTTP client)."""
    v6 = []
    for raw in info.addresses_by_version(_ip_version_all()):
        try:
            address = ipaddress.ip_address(raw)
        except ValueError:
            continue
        if address.version == 4 and not address.is_unspecified:
            return str(address)
        if address.version == 6 and not (address.is_link_local or address.is_unspecified):
            v6.append(f"[{address}]")
    return v6[0] if v6 else None


def _ip_version_all():
    from zeroconf import IPVersion

    return IPVersion.All


def _instance(info) -> str:
    """The service's instance name (``Brother MFC._uscan._tcp.local.`` → ``Brother MFC``)."""
    name, kind = info.name or "", info.type or ""
    return name[: -len(kind) - 1] if kind and name.endswith("." + kind) else name


def discover_escl(
    timeout: float = DISCOVERY_SECONDS, *, interfaces: list[str] | None = None
) -> list[DeviceInfo]:
    """The eSCL scanners that answer on the local network within ``timeout`` seconds (plus at
    most ``RESOLVE_SECONDS`` to ask for records left out), by name. ``interfaces``: the
    addresses to listen on (default: all). Empty (never an error) when python-zeroconf is
    missing or the machine has no network to ask."""
    try:
        from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, Zeroconf
    except ImportError:
        return []
    try:
        zc = Zeroconf(interfaces=interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only)
    except (OSError, ValueError):
        return []
    present: dict[tuple[str, str], bool] = {}  # (type, name) → announced (not withdrawn)
    lock = threading.Lock()

    def on_change(zeroconf, service_type, name, state_change) -> None:
        with lock:
            present[(service_type, name)] = state_change.name != "Removed"

    try:
        browsers = [ServiceBrowser(zc, kind, handlers=[on_change]) for kind in SERVICE_TYPES]
        time.sleep(max(0.1, timeout))
        for browser in browsers:
            browser.cancel()
        with lock:
            names = [key for key, here in present.items() if here]
        found: dict[str, DeviceInfo] = {}
        resolve_until = time.monotonic() + RESOLVE_SECONDS
        for kind, name in names:
            # the answer usually carries SRV, TXT and A along: then this is a cache hit
            wait = max(0.05, resolve_until - time.monotonic())
            info = zc.get_service_info(kind, name, timeout=round(wait * 1000))
            device = device_from_service(info) if info is not None else None
            if device is not None:
                found.setdefault(device.id, device)
        return sorted(found.values(), key=lambda d: (d.name.lower(), d.id))
    except (OSError, RuntimeError):
        return []
    finally:
        zc.close()
