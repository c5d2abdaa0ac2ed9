"""``kiosk signing ...``: officers' signing keys and sealed per-paper PDFs, for technicians.

- ``demo-key --name "Họ tên"``: a software key (PKCS#12) and the demo CA in the profile's keys
  folder (``keys/seal``), for the demo; never for real papers.
- ``init-softhsm --name "Họ tên" --label L``: a SoftHSM2 token with a key generated on it, to try
  the token path without a USB token (prints the ``SOFTHSM2_CONF`` to export).
- ``seal IMAGE... --out FILE.pdf``: seal and sign scanned images as one paper (software key or
  token), to check a machine end to end.
- ``tokens [--module PATH]``: the tokens plugged in and their signing certificates, with the
  ``[signing]`` lines for kiosk.toml (the module defaults to the config's, else SoftHSM2's).
- ``check``: the config's token, unlocked with its PIN (typed hidden): whose key signs here.
- ``verify FILE.pdf``: validate a sealed paper against the demo CA and ``--trust`` roots.
- ``ocr FILE.pdf --out COPY.pdf``: the searchable copy of a sealed paper (Tesseract).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from kiosk.errors import InvalidInput
from kiosk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("signing", help="khóa ký số của cán bộ, đóng gói và ký tệp PDF số hóa")
    cmd.add_argument("--demo", action="store_true", help="dùng thư mục khóa của bản demo")
    ssub = cmd.add_subparsers(dest="signing_command", required=True, metavar="LỆNH")

    demo = ssub.add_parser("demo-key", help="tạo khóa ký mềm (PKCS#12) cho bản demo")
    demo.add_argument("--name", required=True, help="họ tên cán bộ ghi trên chứng thư")
    demo.set_defaults(func=_demo_key)

    hsm = ssub.add_parser("init-softhsm", help="tạo token SoftHSM2 thử nghiệm có khóa ký")
    hsm.add_argument("--name", required=True, help="họ tên cán bộ ghi trên chứng thư")
    hsm.add_argument("--label", default="can-bo", help="nhãn token (mặc định: can-bo)")
    hsm.add_argument("--pin", help="mã PIN người dùng (bỏ trống để nhập ẩn)")
    hsm.add_argument("--so-pin", help="mã PIN quản trị (mặc định: sinh ngẫu nhiên, in ra)")
    hsm.set_defaults(func=_init_softhsm)

    seal = ssub.add_parser("seal", help="đóng gói ảnh quét thành một tệp PDF đã ký số")
    seal.add_argument("images", nargs="+", type=Path, help="ảnh các trang, theo thứ tự")
    seal.add_argument("--out", required=True, type=Path, help="tệp PDF ra")
    seal.add_argument("--dpi", type=int, default=200, help="độ phân giải của ảnh (mặc định 200)")
    seal.add_argument("--dossier", default="000.00.00.H00-000000-0000", help="mã hồ sơ")
    seal.add_argument("--procedure-code", default="", help="mã thủ tục")
    seal.add_argument("--procedure-name", default="", help="tên thủ tục")
    seal.add_argument("--item", default="Giấy tờ thử nghiệm", help="tên giấy tờ trong danh mục")
    seal.add_argument("--key", type=Path, help="tệp khóa PKCS#12 (khóa mềm)")
    seal.add_argument("--module", type=Path, help="thư viện PKCS#11 của token")
    seal.add_argument("--token", help="nhãn token PKCS#11")
    seal.add_argument("--unsigned", action="store_true", help="không ký (chỉ để thử)")
    seal.set_defaults(func=_seal)

    tokens = ssub.add_parser("tokens", help="liệt kê USB token đang cắm và chứng thư số trên đó")
    tokens.add_argument("--module", type=Path, help="thư viện PKCS#11 (mặc định: theo cấu hình)")
    tokens.add_argument("--config", type=Path, help="tệp cấu hình (mặc định: của máy)")
    tokens.set_defaults(func=_tokens)

    check = ssub.add_parser("check", help="thử mở USB token theo cấu hình bằng mã PIN")
    check.add_argument("--config", type=Path, help="tệp cấu hình (mặc định: của máy)")
    check.set_defaults(func=_check)

    verify = ssub.add_parser("verify", help="kiểm tra chữ ký và siêu dữ liệu của tệp PDF số hóa")
    verify.add_argument("pdf", type=Path)
    verify.add_argument(
        "--trust", type=Path, action="append", default=[], help="chứng thư gốc tin cậy (PEM)"
    )
    verify.set_defaults(func=_verify)

    ocr = ssub.add_parser("ocr", help="tạo bản tìm kiếm được (lớp chữ Tesseract) của tệp PDF")
    ocr.add_argument("pdf", type=Path)
    ocr.add_argument("--out", required=True, type=Path)
    ocr.set_defaults(func=_ocr)


def _paths(args: argparse.Namespace) -> AppPaths:
    return AppPaths.for_demo() if args.demo else AppPaths.for_machine()


def _demo_key(args: argparse.Namespace) -> int:
    from kiosk.signing.software import create_software_key

    folder = _paths(args).seal_keys
    p12 = create_software_key(folder, args.name)
    print(f"Đã tạo khóa ký mềm: {p12}")
    print(f"Chứng thư gốc (tin cậy khi kiểm tra): {folder / 'ca.pem'}")
    return 0


def _init_softhsm(args: argparse.Namespace) -> int:
    import secrets

    from kiosk.signing.certs import load_or_create_ca
    from kiosk.signing.token import init_softhsm_token, softhsm_conf

    folder = _paths(args).seal_keys
    conf = softhsm_conf(folder / "softhsm")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # before the module is first loaded
    pin = args.pin or getpass.getpass("Mã PIN cho token: ")
    so_pin = args.so_pin or secrets.token_hex(4)
    config = init_softhsm_token(
        conf, load_or_create_ca(folder), args.name, label=args.label, pin=pin, so_pin=so_pin
    )
    print(f"Đã tạo token “{config.token_label}” có khóa ký “{config.key_label}”.")
    print(f"export SOFTHSM2_CONF={conf}")
    print(f"Thư viện PKCS#11: {config.module}")
    if not args.so_pin:
        print(f"Mã PIN quản trị (SO PIN), hãy cất giữ: {so_pin}")
    return 0


def _seal(args: argparse.Namespace) -> int:
    from kiosk.files import atomic_write
    from kiosk.scanning.seal import PageImage, PaperMeta, seal_paper
    from kiosk.signing.software import software_signer
    from kiosk.signing.token import TokenConfig, find_softhsm_module, token_signer

    pages = []
    for image in args.images:
        try:
            data = image.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"Không đọc được tệp ảnh {image}.") from exc
        pages.append(PageImage.of(data, "", args.dpi))
    meta = PaperMeta(args.dossier, args.procedure_code, args.procedure_name, args.item)
    if args.unsigned:
        pdf = seal_paper(pages, meta, None)
    elif args.token:
        module = args.module or find_softhsm_module() or Path("libsofthsm2.so")
        pin = getpass.getpass("Mã PIN của USB token: ")
        with token_signer(TokenConfig(module, args.token), pin) as signer:
            pdf = seal_paper(pages, meta, signer)
    else:
        if args.key is None:
            raise InvalidInput("Cần --key (tệp PKCS#12) hoặc --token, hoặc --unsigned.")
        pdf = seal_paper(pages, meta, software_signer(args.key))
    atomic_write(args.out, pdf)
    print(f"Đã ghi {args.out} ({len(pages)} trang, {len(pdf) // 1024} KB).")
    return 0


def _tokens(args: argparse.Namespace) -> int:
    from kiosk.signing.token import find_softhsm_module, list_tokens

    module = args.module
    if module is None:
        setup = _signing_setup(args, required=False)
        module = setup.token.module if setup and setup.token else find_softhsm_module()
    if module is None:
        raise InvalidInput(
            "Chưa biết thư viện PKCS#11 của USB token: dùng --module hoặc ghi "
            "[signing] pkcs11_module trong kiosk.toml.",
            english="No PKCS#11 module: give --module or set [signing] pkcs11_module.",
        )
    found = list_tokens(Path(module))
    print(f"Thư viện PKCS#11: {module}")
    if not found:
        print("Không có USB token nào đang cắm.")
        return 2
    for token in found:
        print(f"- Token “{token.label}” ({token.manufacturer} {token.model}, số {token.serial})")
        for holder, until in token.certificates:
            print(f"    chứng thư số: {holder}, hiệu lực đến {until:%d/%m/%Y}")
    print("\nGhi vào kiosk.toml:\n[signing]")
    print(f'pkcs11_module = "{module}"')
    print(f'token_label = "{found[0].label if len(found) == 1 else ""}"')
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.signing.counter import CounterSigning

    setup = _signing_setup(args, required=True)
    if setup is None or setup.token is None:
        raise InvalidInput(
            "Cấu hình chưa có [signing] pkcs11_module: máy này ký bằng khóa mềm (nếu có).",
            english="No [signing] pkcs11_module in the config.",
        )
    signing = CounterSigning(setup, _paths(args).seal_keys)
    holder = signing.unlock(None, getpass.getpass(f"Mã PIN của {signing.token_label}: "))
    signing.forget()
    print(f"USB token “{signing.token_label}” mở được; giấy tờ sẽ được ký bởi: {holder}")
    return 0


def _signing_setup(args: argparse.Namespace, *, required: bool):  # noqa: ANN202
    from kiosk import config
    from kiosk.errors import ConfigError

    try:
        return config.load(args.config).signing
    except ConfigError:
        if required:
            raise
        return None


def _verify(args: argparse.Namespace) -> int:
    from kiosk.scanning.seal import verify_sealed

    roots = list(args.trust)
    demo_root = _paths(args).seal_keys / "ca.pem"
    if demo_root.is_file():
        roots.append(demo_root)
    try:
        data = args.pdf.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {args.pdf}.") from exc
    report = verify_sealed(data, roots)
    meta = report.meta
    if meta:
        count = meta.get("page_count")
        print(f"Hồ sơ {meta.get('dossier_code')} — {meta.get('item')} ({count} trang)")
    if report.signer_name:
        when = f"{report.signing_time:%H:%M:%S %d/%m/%Y}" if report.signing_time else "?"
        print(f"Người ký: {report.signer_name}, lúc {when}")
    if report.ok:
        print("Hợp lệ: chữ ký đúng, tệp nguyên vẹn, các trang khớp mã SHA-256.")
        return 0
    for problem in report.problems:
        print(f"- {problem}", file=sys.stderr)
    return 2


def _ocr(args: argparse.Namespace) -> int:
    from kiosk.files import atomic_write
    from kiosk.scanning.ocr import add_text_layer

    try:
        data = args.pdf.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {args.pdf}.") from exc
    layer = add_text_layer(data)
    print(layer.message)
    if layer.pdf is None:
        return 0 if layer.status == "skipped" else 2
    atomic_write(args.out, layer.pdf)
    print(f"Đã ghi {args.out}.")
    return 0
