"""``kiosk central serve``: the reference central server on 127.0.0.1 (development, tests,
pilots).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    central = sub.add_parser("central", help="máy chủ trung tâm mẫu (chỉ trên máy này)")
    csub = central.add_subparsers(dest="central_command", required=True, metavar="LỆNH")
    serve = csub.add_parser("serve", help="chạy máy chủ trung tâm mẫu tại 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--data", type=Path, help="thư mục dữ liệu của máy chủ (mặc định: thư mục dữ liệu/central)"
    )
    serve.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from sync.central_server import CentralServer

    server = CentralServer(args.data or AppPaths.for_machine().central, args.port)
    print(f"Máy chủ trung tâm mẫu đang chạy tại {server.url} (Ctrl+C để dừng)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
