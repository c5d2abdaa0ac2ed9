"""Small catalog documents for tests: one valid procedure, mutated per test."""

import json


def version(
    n=1, status="published", start="2024-01-01", end=None, name="Đăng ký khai sinh", **extra
):
    v = {
        "version": n,
        "status": status,
        "name": name,
        "field": "Hộ tịch",
        "level": "commune",
        "agency": "Ủy ban nhân dân cấp xã",
        "time_limit": {"working_days": 0, "cutoff": "15:00"},
        "fee": {"rule": "free"},
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
        "result": "Giấy khai sinh",
        "checklist": [
            {"name": "Tờ khai", "originals": 1, "required": True, "eform": "tk"},
            {
                "name": "Giấy chứng sinh",
                "originals": 1,
                "required": False,
                "condition": "Sinh tại cơ sở y tế",
            },
        ],
        "eform": {
            "id": "tk",
            "title": "Tờ khai",
            "fields": [
                {"key": "child_name", "label": "Họ tên trẻ", "type": "text", "required": True}
            ],
        },
        "effective_from": start,
        "effective_to": end,
        "source": {"decision": "Quyết định thử nghiệm", "date": None},
    }
    v.update(extra)
    return v


def document(*procedures):
    return {"format": "mot-cua-catalog/1", "procedures": list(procedures)}


def procedure(code="1.001193", *versions):
    return {"code": code, "versions": list(versions) or [version()]}


def write(tmp_path, doc, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
