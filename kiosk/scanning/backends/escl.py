"""eSCL (Apple AirScan / Mopria): network scanners spoken to over plain HTTP with XML.

The device id holds the scanner's eSCL root: ``escl:http://192.168.1.20/eSCL``. A scan is
``POST ScanJobs`` (201 with ``Location``), then ``GET {job}/NextDocument`` until 404, and a
``DELETE {job}`` to clean up or cancel. Quirks handled as sane-airscan and NAPS2 do (see
``reference/rules-2023-2025.md`` §5): only the path of ``Location`` is used; 503 means "not ready,
retry"; ``pwg:InputSource`` (never ``scan:InputSource``); ``scan:DocumentFormatExt`` only when the
capabilities list it; on a feeder's 404 the status says whether the feeder ran empty or jammed.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit, urlunsplit

from kiosk.scanning.device import (
    Cancelled,
    DeviceInfo,
    PageSink,
    RawPage,
    ScanError,
    ScanSettings,
    split_device_id,
)

NS = {
    "scan": "http://schemas.hp.com/imaging/escl/2011/05/03",
    "pwg": "http://www.pwg.org/schemas/2010/12/sm",
}
COLOR = {"color": "RGB24", "gray": "Grayscale8", "lineart": "BlackAndWhite1"}
MODE_OF = {value: key for key, value in COLOR.items()}
PREFERRED_FORMATS = ("image/jpeg", "image/png", "application/pdf")
LINEART_FORMATS = ("image/png", "image/jpeg", "application/pdf")  # 1-bit pages are not JPEGs
A4_300 = (2480, 3508)
_DIGITS = re.compile(r"[0-9]+")
RETRIES_503 = 30
RETRY_SECONDS = 1.0
TIMEOUT = (5.0, 120.0)  # connect, read: a page at 600 dpi over Wi-Fi can take a while


def _unreachable(url: str) -> ScanError:
    return ScanError(
        f"Không kết nối được máy quét mạng tại {url}. Kiểm tra máy quét đã bật, cùng mạng, "
        "và địa chỉ đúng.",
        english=f"Cannot reach the network scanner at {url}.",
    )


class EsclBackend:
    def __init__(self, urls: list[str] | None = None, *, retry_seconds: float = RETRY_SECONDS):
        self.urls = list(urls or [])  # eSCL roots the machine is configured with
        self.retry_seconds = retry_seconds
        import requests

        self._http = requests.Session()

    # ---- capabilities ---------------------------------------------------------------------
    def _root(self, device_id: str) -> str:
        _, url = split_device_id(device_id)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ScanError(
                f"Địa chỉ máy quét eSCL không hợp lệ: {url!r} (ví dụ http://192.168.1.20/eSCL).",
                english=f"Invalid eSCL address {url!r}.",
            )
        return url.rstrip("/")

    def _request(self, method: str, url: str, **kwargs):
        import requests

        try:
            return self._http.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException:
            raise _unreachable(urlsplit(url).netloc) from None

    def capabilities(self, device_id: str) -> ET.Element:
        root = self._root(device_id)
        answer = self._request("GET", f"{root}/ScannerCapabilities")
        if answer.status_code != 200:
            raise ScanError(
                f"Máy quét tại {root} không trả lời như một máy quét eSCL "
                f"(mã HTTP {answer.status_code}).",
                english="The device did not answer as an eSCL scanner.",
            )
        return capabilities_element(answer.content)

    def devices(self) -> list[DeviceInfo]:
        found = []
        for url in self.urls:
            device_id = f"escl:{url}"
            try:
                caps = self.capabilities(device_id)
            except ScanError:
                continue
            name = caps.findtext("pwg:MakeAndModel", default=url, namespaces=NS).strip()
            found.append(DeviceInfo(device_id, name or url, "escl"))
        return found

    def options(self, device_id: str) -> dict:
        return parse_capabilities(self.capabilities(device_id))

    # ---- scanning -------------------------------------------------------------------------
    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageSink,
        cancelled: Cancelled,
    ) -> int:
        root = self._root(device_id)
        caps = parse_capabilities(self.capabilities(device_id))
        source = caps["sources"].get(settings.source)
        if source is None:
            where = "khay nạp giấy" if settings.source == "feeder" else "mặt kính"
            raise ScanError(
                f"Máy quét này không có {where}.", english=f"No {settings.source} on this scanner."
            )
        if COLOR[settings.mode] not in source["color_modes"]:
            raise ScanError(
                f"Máy quét không có chế độ {settings.mode}.",
                english=f"The scanner has no {settings.mode} mode.",
            )
        order = LINEART_FORMATS if settings.mode == "lineart" else PREFERRED_FORMATS
        fmt = next((f for f in order if f in source["formats"]), None)
        if fmt is None:
            raise ScanError(
                "Máy quét không gửi được ảnh JPEG, PNG hay PDF.",
                english="The scanner offers no usable image format.",
            )
        dpi = _nearest(settings.dpi, source["dpi"]) if source["dpi"] else settings.dpi
        body = settings_xml(settings, fmt, dpi, source)
        job = self._create_job(root, body, cancelled)
        if job is None:
            return 0
        count = 0
        try:
            count = self._pull_pages(root, job, settings, dpi, on_page, cancelled)
        finally:
            self._delete(root, job)  # cancel if still running, clean up otherwise
        return count

    def _create_job(self, root: str, body: bytes, cancelled: Cancelled) -> str | None:
        for _ in range(RETRIES_503):
            answer = self._request(
                "POST", f"{root}/ScanJobs", data=body, headers={"Content-Type": "text/xml"}
            )
            if answer.status_code == 201:
                location = answer.headers.get("Location", "")
                path = urlsplit(location).path
                if not path:
                    raise ScanError(
                        "Máy quét nhận lệnh quét nhưng không cho biết địa chỉ lệnh.",
                        english="The scanner accepted the job without a Location.",
                    )
                return path.rstrip("/")
            if answer.status_code == 503:  # busy (warming up, another job): wait and retry
                if cancelled():
                    return None
                time.sleep(self.retry_seconds)
                continue
            if answer.status_code == 409:
                raise ScanError(
                    "Máy quét từ chối thiết lập quét (xung đột thiết lập); thử độ phân giải "
                    "hoặc chế độ màu khác.",
                    english="The scanner refused the scan settings (409).",
                )
            raise ScanError(
                f"Máy quét từ chối lệnh quét (mã HTTP {answer.status_code}).",
                english=f"The scanner refused the scan job ({answer.status_code}).",
            )
        raise ScanError(
            "Máy quét bận quá lâu; thử lại sau.", english="The scanner stayed busy too long."
        )

    def _job_url(self, root: str, job_path: str) -> str:
        parts = urlsplit(root)
        return urlunsplit((parts.scheme, parts.netloc, job_path, "", ""))

    def _pull_pages(self, root, job, settings, dpi, on_page, cancelled) -> int:
        url = self._job_url(root, job) + "/NextDocument"
        count = 0
        limit = settings.page_limit
        busy = 0
        while limit is None or count < limit:
            if cancelled():
                return count
            answer = self._request("GET", url)
            if answer.status_code == 200:
                busy = 0
                mime = answer.headers.get("Content-Type", "image/jpeg").split(";")[0].strip()
                on_page(RawPage(count, answer.content, mime, dpi))
                count += 1
                if settings.source == "flatbed":
                    return count  # sane-airscan: the platen gives one page per job
                continue
            if answer.status_code == 503:
                busy += 1
                if busy > RETRIES_503:
                    raise ScanError(
                        f"Máy quét không gửi trang tiếp theo. Đã giữ {count} trang.",
                        english="The scanner stopped sending pages.",
                    )
                time.sleep(self.retry_seconds)
                continue
            if answer.status_code == 404:
                if settings.source == "feeder":
                    self._check_feeder(root, count)
                return count
            if answer.status_code == 410:
                return count  # the job was cancelled (from the device's panel, or by us)
            raise ScanError(
                f"Máy quét báo lỗi khi gửi trang (mã HTTP {answer.status_code}). "
                f"Đã giữ {count} trang.",
                english=f"The scanner failed while sending a page ({answer.status_code}).",
            )
        return count

    def _check_feeder(self, root: str, count: int) -> None:
        answer = self._request("GET", f"{root}/ScannerStatus")
        if answer.status_code != 200:
            return
        try:
            status = ET.fromstring(answer.content)
        except ET.ParseError:
            return
        adf = (status.findtext("scan:AdfState", default="", namespaces=NS) or "").strip()
        if adf == "ScannerAdfJam":
            raise ScanError(
                f"Kẹt giấy trong khay nạp sau {count} trang. Đã giữ {count} trang; gỡ giấy "
                "kẹt rồi quét tiếp từ trang sau.",
                english=f"Paper jam after {count} pages.",
            )
        if adf == "ScannerAdfDoorOpen":
            raise ScanError("Nắp khay nạp giấy đang mở.", english="The feeder door is open.")
        if count == 0 and adf in ("ScannerAdfEmpty", ""):
            raise ScanError("Khay nạp giấy không có giấy.", english="The feeder is empty.")

    def _delete(self, root: str, job: str) -> None:
        try:
            self._request("DELETE", self._job_url(root, job))
        except ScanError:
            pass  # the device is gone; nothing to clean up on our side


def capabilities_element(content: bytes) -> ET.Element:
    """The parsed ``scan:ScannerCapabilities``; ScanError for anything else."""
    try:
        caps = ET.fromstring(content)
    except (ET.ParseError, ValueError):
        caps = None
    if caps is None or caps.tag != f"{{{NS['scan']}}}ScannerCapabilities":
        raise ScanError(
            "Máy quét gửi mô tả khả năng không đọc được.",
            english="The scanner sent unreadable capabilities.",
        )
    return caps


def read_capabilities(content: bytes) -> dict:
    """:func:`parse_capabilities` of raw XML from a device (ScanError if unreadable)."""
    return parse_capabilities(capabilities_element(content))


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if _DIGITS.fullmatch(text) and len(text) < 7 else None


def _nearest(dpi: int, offered: list[int]) -> int:
    return min(offered, key=lambda value: (abs(value - dpi), -value))


def parse_capabilities(caps: ET.Element) -> dict:
    """{"name", "sources": {"flatbed"|"feeder": {...}}, "modes", "dpi"} from ScannerCapabilities."""
    sources = {}
    places = {
        "flatbed": "scan:Platen/scan:PlatenInputCaps",
        "feeder": "scan:Adf/scan:AdfSimplexInputCaps",
    }
    for name, path in places.items():
        node = caps.find(path, NS)
        if node is None:
            continue
        modes = [m.text.strip() for m in node.iterfind(".//scan:ColorMode", NS) if m.text]
        formats = {
            f.text.strip()
            for tag in (".//pwg:DocumentFormat", ".//scan:DocumentFormatExt")
            for f in node.iterfind(tag, NS)
            if f.text
        }
        ext = any(True for _ in node.iterfind(".//scan:DocumentFormatExt", NS))
        found = (
            _number(r.text)
            for r in node.iterfind(".//scan:DiscreteResolution/scan:XResolution", NS)
        )
        dpi = sorted({d for d in found if d})
        if not dpi:
            low = _number(
                node.findtext(".//scan:ResolutionRange/scan:XResolution/scan:Min", "", NS)
            )
            high = _number(
                node.findtext(".//scan:ResolutionRange/scan:XResolution/scan:Max", "", NS)
            )
            if low is not None and high is not None:
                dpi = [d for d in (150, 200, 300, 400, 600) if low <= d <= high]

        def size(tag: str, default: int, node=node) -> int:
            value = _number(node.findtext(f"scan:{tag}", "", NS))
            return value if value else default

        sources[name] = {
            "color_modes": modes,
            "formats": sorted(formats),
            "format_ext": ext,
            "dpi": dpi,
            "max_width": size("MaxWidth", A4_300[0]),
            "max_height": size("MaxHeight", A4_300[1]),
        }
    return {
        "name": (caps.findtext("pwg:MakeAndModel", "", NS) or "").strip(),
        "sources": sources,
        "modes": sorted(
            {MODE_OF[m] for s in sources.values() for m in s["color_modes"] if m in MODE_OF}
        ),
        "dpi": sorted({d for s in sources.values() for d in s["dpi"]}),
    }


def settings_xml(settings: ScanSettings, fmt: str, dpi: int, source: dict) -> bytes:
    """The ``scan:ScanSettings`` body of ``POST ScanJobs``, as sane-airscan sends it."""
    scan, pwg = NS["scan"], NS["pwg"]
    root = ET.Element(f"{{{scan}}}ScanSettings")

    def add(parent, ns, tag, text=None):
        node = ET.SubElement(parent, f"{{{ns}}}{tag}")
        if text is not None:
            node.text = str(text)
        return node

    add(root, pwg, "Version", "2.0")
    add(root, scan, "Intent", "Document")
    region = add(add(root, pwg, "ScanRegions"), pwg, "ScanRegion")
    add(region, pwg, "ContentRegionUnits", "escl:ThreeHundredthsOfInches")
    add(region, pwg, "XOffset", 0)
    add(region, pwg, "YOffset", 0)
    add(region, pwg, "Width", min(A4_300[0], source["max_width"]))
    add(region, pwg, "Height", min(A4_300[1], source["max_height"]))
    add(root, pwg, "InputSource", "Feeder" if settings.source == "feeder" else "Platen")
    add(root, scan, "ColorMode", COLOR[settings.mode])
    add(root, pwg, "DocumentFormat", fmt)
    if source.get("format_ext"):
        add(root, scan, "DocumentFormatExt", fmt)
    add(root, scan, "XResolution", dpi)
    add(root, scan, "YResolution", dpi)
    if settings.source == "feeder":
        add(root, scan, "Duplex", "false")
    ET.register_namespace("scan", scan)
    ET.register_namespace("pwg", pwg)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
