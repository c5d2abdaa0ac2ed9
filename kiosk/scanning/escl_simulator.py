"""A small eSCL (AirScan) scanner on 127.0.0.1, for the tests, the benchmark and the demo.

It speaks the protocol as network scanners do (modelled on NAPS2's EsclApiController and
FakeEsclScanJob): ``GET /eSCL/ScannerCapabilities``, ``GET /eSCL/ScannerStatus``,
``POST /eSCL/ScanJobs`` (201 + ``Location``), ``GET {job}/NextDocument`` (503 while "warming
up", then one JPEG, PNG or PDF page per call, then 404), ``DELETE {job}`` (cancel; a later
NextDocument answers 410). Debian's sane-airscan scans from it through ``scanimage``, which is
the proof that it is real eSCL.

Faults to inject: ``busy_before`` 503s before each page, ``conflict`` (409 on POST),
``jam_after`` (the feeder jams after N pages), ``hang_after`` (NextDocument never answers
after N pages: a hung device), ``page_delay`` (seconds per page: a slow feeder).

With ``advertise=True`` it also announces itself by mDNS / DNS-SD on the loopback interface
only (``_uscan._tcp``, TXT ``ty`` = its name, ``rs`` = ``eSCL``, as AirScan scanners do), so
``kiosk.scanning.discovery`` finds it for real; it says goodbye when it stops.

Run it by hand: ``python -m kiosk.scanning.escl_simulator --port 8090 --pages 5 [--advertise]``.
"""

from __future__ import annotations

import argparse
import io
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCAN_NS = "http://schemas.hp.com/imaging/escl/2011/05/03"
PWG_NS = "http://www.pwg.org/schemas/2010/12/sm"
A4_300 = (2480, 3508)  # A4 in 1/300 inch
RESOLUTIONS = (75, 100, 150, 200, 300, 600)
COLOR_MODES = ("BlackAndWhite1", "Grayscale8", "RGB24")
FORMATS = ("image/jpeg", "image/png", "application/pdf")


def _caps_source(tag: str) -> str:
    modes = "".join(f"<scan:ColorMode>{m}</scan:ColorMode>" for m in COLOR_MODES)
    formats = "".join(
        f"<pwg:DocumentFormat>{f}</pwg:DocumentFormat>"
        f"<scan:DocumentFormatExt>{f}</scan:DocumentFormatExt>"
        for f in FORMATS
    )
    resolutions = "".join(
        "<scan:DiscreteResolution>"
        f"<scan:XResolution>{r}</scan:XResolution><scan:YResolution>{r}</scan:YResolution>"
        "</scan:DiscreteResolution>"
        for r in RESOLUTIONS
    )
    return (
        f"<scan:{tag}>"
        "<scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>"
        "<scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>"
        "<scan:MaxScanRegions>1</scan:MaxScanRegions>"
        "<scan:SettingProfiles><scan:SettingProfile>"
        f"<scan:ColorModes>{modes}</scan:ColorModes>"
        f"<scan:DocumentFormats>{formats}</scan:DocumentFormats>"
        "<scan:SupportedResolutions><scan:DiscreteResolutions>"
        f"{resolutions}"
        "</scan:DiscreteResolutions></scan:SupportedResolutions>"
        "</scan:SettingProfile></scan:SettingProfiles>"
        "<scan:SupportedIntents><scan:Intent>Document</scan:Intent>"
        "<scan:Intent>TextAndGraphic</scan:Intent><scan:Intent>Photo</scan:Intent>"
        "</scan:SupportedIntents>"
        "<scan:MaxOpticalXResolution>600</scan:MaxOpticalXResolution>"
        "<scan:MaxOpticalYResolution>600</scan:MaxOpticalYResolution>"
        f"</scan:{tag}>"
    )


def capabilities_xml(name: str, uuid_text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<scan:ScannerCapabilities xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
        "<pwg:Version>2.63</pwg:Version>"
        f"<pwg:MakeAndModel>{name}</pwg:MakeAndModel>"
        "<pwg:SerialNumber>SIM-0001</pwg:SerialNumber>"
        f"<scan:UUID>{uuid_text}</scan:UUID>"
        f"<scan:Platen>{_caps_source('PlatenInputCaps')}</scan:Platen>"
        f"<scan:Adf>{_caps_source('AdfSimplexInputCaps')}"
        "<scan:FeederCapacity>50</scan:FeederCapacity>"
        "<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption></scan:AdfOptions>"
        "</scan:Adf>"
        "</scan:ScannerCapabilities>"
    ).encode()


@dataclass
class Job:
    id: str
    source: str  # "Platen" | "Feeder"
    color: str
    dpi: int
    fmt: str
    width: int  # 1/300 inch
    height: int
    state: str = "Processing"  # Processing | Completed | Canceled | Aborted
    served: int = 0
    busy_left: int = 0


@dataclass
class Faults:
    busy_before: int = 0  # 503 answers before each page
    conflict: bool = False  # 409 on POST ScanJobs
    jam_after: int | None = None  # the feeder jams after this many pages
    hang_after: int | None = None  # NextDocument never answers after this many pages
    page_delay: float = 0.0  # seconds to "scan" each page


@dataclass
class SimulatorState:
    name: str = "Kiosk eSCL Simulator"
    feeder_pages: int = 3  # sheets loaded in the feeder for each job
    faults: Faults = field(default_factory=Faults)
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    jobs: dict[str, Job] = field(default_factory=dict)
    adf_state: str = "ScannerAdfLoaded"
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path) log
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


def render_page(number: int, color: str, dpi: int, fmt: str, size300: tuple[int, int]) -> bytes:
    """A page that looks like a typed form: a title bar, lines of 'text', the page number."""
    from PIL import Image, ImageDraw

    width = max(16, size300[0] * dpi // 300)
    height = max(16, size300[1] * dpi // 300)
    mode = "RGB" if color == "RGB24" else "L"
    paper = (250, 248, 240) if mode == "RGB" else 248
    ink = (20, 20, 60) if mode == "RGB" else 25
    image = Image.new(mode, (width, height), paper)
    draw = ImageDraw.Draw(image)
    unit = max(1, dpi // 30)  # about 0.85 mm
    margin = 20 * unit
    draw.rectangle((margin, margin, width - margin, margin + 6 * unit), fill=ink)
    y = margin + 14 * unit
    line = 0
    while y < height - margin - 20 * unit:
        length = width - 2 * margin - (line * 37 % 11) * 8 * unit
        for x in range(margin, margin + length, 9 * unit):
            draw.rectangle((x, y, x + 6 * unit, y + 2 * unit), fill=ink)
        y += 7 * unit
        line += 1
    for bit in range(8):  # the page number as a row of filled / empty squares
        box = (margin + bit * 8 * unit, height - margin - 8 * unit)
        end = (box[0] + 6 * unit, box[1] + 6 * unit)
        if number >> bit & 1:
            draw.rectangle((*box, *end), fill=ink)
        else:
            draw.rectangle((*box, *end), outline=ink, width=max(1, unit // 2))
    if color == "BlackAndWhite1" and fmt != "image/jpeg":
        image = image.convert("1")
    out = io.BytesIO()
    if fmt == "application/pdf":
        image.save(out, "PDF", resolution=float(dpi))
    elif fmt == "image/png":
        image.save(out, "PNG", dpi=(dpi, dpi))
    else:
        image.save(out, "JPEG", quality=80, dpi=(dpi, dpi))
    return out.getvalue()


def _text(root: ET.Element, path: str, default: str = "") -> str:
    node = root.find(path, {"scan": SCAN_NS, "pwg": PWG_NS})
    return node.text.strip() if node is not None and node.text else default


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "KioskEsclSim/1.0"

    @property
    def state(self) -> SimulatorState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format, *args) -> None:  # quiet: tests read state.requests
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/xml", **headers) -> None:
        self.send_response(status)
        if body or status == 200:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> tuple[str, str | None, str | None]:
        path = self.path.split("?", 1)[0].rstrip("/")
        with self.state.lock:
            self.state.requests.append((self.command, path))
        parts = path.split("/")
        if len(parts) >= 3 and parts[1] == "eSCL":
            if parts[2] in ("ScanJobs", "ScanJob") and len(parts) >= 4:
                return "job", parts[3], parts[4] if len(parts) > 4 else None
            return parts[2], None, None
        return "", None, None

    def do_GET(self) -> None:
        route, job_id, action = self._route()
        if route == "ScannerCapabilities":
            self._send(200, capabilities_xml(self.state.name, self.state.uuid))
        elif route == "ScannerStatus":
            self._send(200, self._status_xml())
        elif route == "job" and action == "NextDocument":
            self._next_document(job_id)
        elif route == "job" and action == "ScanImageInfo":
            self._send(200, self._image_info(job_id))
        else:
            self._send(404)

    def do_POST(self) -> None:
        route, _, _ = self._route()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if route != "ScanJobs":
            self._send(404)
            return
        if self.state.faults.conflict:
            self._send(409)
            return
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            self._send(400)
            return
        source = _text(root, "pwg:InputSource", "Platen")
        color = _text(root, "scan:ColorMode", "RGB24")
        fmt = _text(root, "scan:DocumentFormatExt") or _text(
            root, "pwg:DocumentFormat", "image/jpeg"
        )
        try:
            dpi = int(_text(root, "scan:XResolution", "300"))
            width = int(_text(root, "pwg:ScanRegions/pwg:ScanRegion/pwg:Width", "2480"))
            height = int(_text(root, "pwg:ScanRegions/pwg:ScanRegion/pwg:Height", "3508"))
        except ValueError:
            self._send(400)
            return
        if (
            source not in ("Platen", "Feeder")
            or color not in COLOR_MODES
            or fmt not in FORMATS
            or dpi not in RESOLUTIONS
        ):
            self._send(409)
            return
        job = Job(uuid.uuid4().hex, source, color, dpi, fmt, min(width, 2550), min(height, 3508))
        job.busy_left = self.state.faults.busy_before
        with self.state.lock:
            self.state.jobs[job.id] = job
            if source == "Feeder":
                self.state.adf_state = "ScannerAdfProcessing"
        self._send(201, Location=f"/eSCL/ScanJobs/{job.id}")

    def do_DELETE(self) -> None:
        route, job_id, _ = self._route()
        job = self.state.jobs.get(job_id or "")
        if route != "job" or job is None:
            self._send(404)
            return
        with self.state.lock:
            if job.state == "Processing":
                job.state = "Canceled"
        self._send(200)

    def _next_document(self, job_id: str | None) -> None:
        state = self.state
        job = state.jobs.get(job_id or "")
        if job is None:
            self._send(404)
            return
        if job.state == "Canceled":
            self._send(410)
            return
        faults = state.faults
        if faults.hang_after is not None and job.served >= faults.hang_after:
            state.stopping.wait(3600)  # a hung device: the request never gets an answer
            return
        limit = 1 if job.source == "Platen" else state.feeder_pages
        jammed = faults.jam_after is not None and job.served >= faults.jam_after
        if job.source == "Feeder" and jammed:
            with state.lock:
                job.state, state.adf_state = "Aborted", "ScannerAdfJam"
            self._send(404)
            return
        if job.served >= limit:
            with state.lock:
                job.state = "Completed"
                if job.source == "Feeder":
                    state.adf_state = "ScannerAdfEmpty"
            self._send(404)
            return
        if job.busy_left > 0:
            job.busy_left -= 1
            self._send(503, Retry_After="1")
            return
        if faults.page_delay:
            time.sleep(faults.page_delay)
        data = render_page(job.served + 1, job.color, job.dpi, job.fmt, (job.width, job.height))
        with state.lock:
            job.served += 1
            job.busy_left = faults.busy_before
        self._send(
            200,
            data,
            ctype=job.fmt,
            Content_Location=f"/eSCL/ScanJobs/{job.id}/{job.served}",
        )

    def _status_xml(self) -> bytes:
        state = self.state
        with state.lock:
            live = any(job.state == "Processing" for job in state.jobs.values())
            jobs = "".join(
                "<scan:JobInfo>"
                f"<pwg:JobUri>/eSCL/ScanJobs/{job.id}</pwg:JobUri>"
                f"<pwg:JobUuid>{job.id}</pwg:JobUuid><scan:Age>1</scan:Age>"
                f"<pwg:ImagesCompleted>{job.served}</pwg:ImagesCompleted>"
                "<pwg:ImagesToTransfer>0</pwg:ImagesToTransfer>"
                f"<pwg:JobState>{job.state}</pwg:JobState>"
                "</scan:JobInfo>"
                for job in state.jobs.values()
            )
            adf = state.adf_state
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<scan:ScannerStatus xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
            "<pwg:Version>2.63</pwg:Version>"
            f"<pwg:State>{'Processing' if live else 'Idle'}</pwg:State>"
            f"<scan:AdfState>{adf}</scan:AdfState>"
            f"<scan:Jobs>{jobs}</scan:Jobs>"
            "</scan:ScannerStatus>"
        ).encode()

    def _image_info(self, job_id: str | None) -> bytes:
        job = self.state.jobs.get(job_id or "")
        served = job.served if job else 0
        return (
            f'<scan:ImageInfo xmlns:scan="{SCAN_NS}" xmlns:pwg="{PWG_NS}">'
            f"<pwg:JobUri>/eSCL/ScanJobs/{job_id}</pwg:JobUri>"
            f"<pwg:JobUuid>{job_id}</pwg:JobUuid>"
            f"<scan:ActualWidth>0</scan:ActualWidth><scan:ActualHeight>0</scan:ActualHeight>"
            f"<scan:ActualBytesPerLine>0</scan:ActualBytesPerLine>"
            f"<pwg:ImagesCompleted>{served}</pwg:ImagesCompleted>"
            "</scan:ImageInfo>"
        ).encode()


class EsclSimulator:
    """``with EsclSimulator(feeder_pages=5) as sim: ... sim.url`` → ``http://127.0.0.1:N/eSCL``."""

    def __init__(
        self,
        *,
        port: int = 0,
        feeder_pages: int = 3,
        name: str = "Kiosk eSCL Simulator",
        faults: Faults | None = None,
        advertise: bool = False,
    ) -> None:
        self.state = SimulatorState(name=name, feeder_pages=feeder_pages, faults=faults or Faults())
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._advertise = advertise
        self._zeroconf = None
        self._service = None

    @property
    def faults(self) -> Faults:
        return self.state.faults

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/eSCL"

    @property
    def device_id(self) -> str:
        return f"escl:{self.url}"

    def start(self) -> EsclSimulator:
        server = ThreadingHTTPServer(("127.0.0.1", self._port), _Handler)
        server.daemon_threads = True
        server.state = self.state  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), daemon=True, name="escl-sim"
        )
        self._thread.start()
        if self._advertise:
            self._announce()
        return self

    def _announce(self) -> None:
        """Register ``_uscan._tcp`` on 127.0.0.1 (never on a real network: it is a test device)."""
        import socket

        from zeroconf import IPVersion, ServiceInfo, Zeroconf

        port = self._server.server_address[1]
        kind = "_uscan._tcp.local."
        self._service = ServiceInfo(
            kind,
            f"{self.state.name} ({port}).{kind}",
            addresses=[socket.inet_aton("127.0.0.1")],
            port=port,
            server=f"kiosk-escl-sim-{port}.local.",
            properties={
                "txtvers": "1",
                "ty": self.state.name,
                "rs": "eSCL",
                "uuid": self.state.uuid,
                "vers": "2.63",
                "pdl": ",".join(FORMATS),
                "cs": "binary,grayscale,color",
                "is": "platen,adf",
                "duplex": "F",
            },
        )
        self._zeroconf = Zeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
        self._zeroconf.register_service(self._service, allow_name_change=True)

    def stop(self) -> None:
        self.state.stopping.set()
        if self._zeroconf is not None:
            try:
                self._zeroconf.unregister_service(self._service)
            finally:
                self._zeroconf.close()
                self._zeroconf = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> EsclSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Máy quét eSCL giả lập trên 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--pages", type=int, default=3, help="số tờ trong khay nạp mỗi lần quét")
    parser.add_argument("--page-delay", type=float, default=0.0, help="giây để quét mỗi trang")
    parser.add_argument(
        "--advertise", action="store_true", help="tự quảng bá qua mDNS (_uscan._tcp) trên 127.0.0.1"
    )
    args = parser.parse_args(argv)
    sim = EsclSimulator(
        port=args.port,
        feeder_pages=args.pages,
        faults=Faults(page_delay=args.page_delay),
        advertise=args.advertise,
    ).start()
    print(f"eSCL: {sim.url}  (thiết bị: {sim.device_id})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sim.stop()


if __name__ == "__main__":
    main()
