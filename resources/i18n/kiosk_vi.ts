<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>MainWindow</name>
    <message>
        <source>One-stop counter</source>
        <translation>Bộ phận Một cửa</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>DEMO DATA</source>
        <translation>DỮ LIỆU MẪU</translation>
    </message>
    <message numerus="yes">
        <source>Counter %n</source>
        <translation>
            <numerusform>Quầy %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening the local store…</source>
        <translation>Đang mở kho dữ liệu…</translation>
    </message>
    <message>
        <source>Local store ready</source>
        <translation>Kho dữ liệu sẵn sàng</translation>
    </message>
</context>
<context>
    <name>OverviewView</name>
    <message>
        <source>Today at this counter</source>
        <translation>Hôm nay tại quầy</translation>
    </message>
    <message>
        <source>Dossiers received today</source>
        <translation>Hồ sơ nhận hôm nay</translation>
    </message>
    <message>
        <source>Dossiers in progress</source>
        <translation>Hồ sơ đang giải quyết</translation>
    </message>
    <message>
        <source>Waiting to reach the central system</source>
        <translation>Chờ gửi lên hệ thống trung tâm</translation>
    </message>
    <message>
        <source>Procedures in force</source>
        <translation>Thủ tục đang có hiệu lực</translation>
    </message>
    <message>
        <source>If received now, the result is due on</source>
        <translation>Nếu nhận hồ sơ bây giờ, ngày hẹn trả kết quả là</translation>
    </message>
    <message>
        <source>Coming days off</source>
        <translation>Ngày nghỉ sắp tới</translation>
    </message>
    <message>
        <source>working day</source>
        <translation>ngày làm việc</translation>
    </message>
    <message>
        <source>not a working day</source>
        <translation>ngày nghỉ</translation>
    </message>
    <message>
        <source>same-day procedure</source>
        <translation>thủ tục trong ngày</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message>
        <source>None in the next 120 days</source>
        <translation>Không có trong 120 ngày tới</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong. The work done so far is saved. If it happens again, tell the technician and give them the details.</source>
        <translation>Đã có lỗi. Những gì đã làm đều đã được lưu. Nếu lỗi lặp lại, hãy báo kỹ thuật viên và gửi kèm phần chi tiết.</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>Không thực hiện được</translation>
    </message>
</context>
</TS>
