<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ApologyDialog</name>
    <message>
        <source>Apology and request to extend the time</source>
        <translation>Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết</translation>
    </message>
    <message>
        <source>Apology and new return date</source>
        <translation>Phiếu xin lỗi và hẹn lại ngày trả kết quả</translation>
    </message>
    <message>
        <source>Due %1; on time if sent by %2.</source>
        <translation>Hẹn trả ngày %1; văn bản đúng hạn nếu gửi chậm nhất ngày %2.</translation>
    </message>
    <message>
        <source>working day(s)</source>
        <translation>ngày làm việc</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Gia hạn thêm</translation>
    </message>
    <message>
        <source>Proposed new date</source>
        <translation>Đề nghị gia hạn đến ngày</translation>
    </message>
    <message>
        <source>New return date</source>
        <translation>Ngày hẹn trả mới</translation>
    </message>
    <message>
        <source>Reason for the delay</source>
        <translation>Lý do chậm trả kết quả</translation>
    </message>
    <message>
        <source>The return date can be reset once only.</source>
        <translation>Ngày trả kết quả chỉ được hẹn lại một lần.</translation>
    </message>
    <message>
        <source>Print the apology letter</source>
        <translation>In văn bản xin lỗi</translation>
    </message>
</context>
<context>
    <name>ApplicantStep</name>
    <message>
        <source>Who is applying?</source>
        <translation>Ai nộp hồ sơ?</translation>
    </message>
    <message>
        <source>Scan the QR code on the citizen-ID card with the scanner, or type the details.</source>
        <translation>Quét mã QR trên thẻ căn cước bằng máy quét, hoặc nhập thông tin.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Tổ chức</translation>
    </message>
    <message>
        <source>from ID card</source>
        <translation>từ thẻ CCCD</translation>
    </message>
    <message>
        <source>Organisation name</source>
        <translation>Tên tổ chức</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>Mã số thuế</translation>
    </message>
    <message>
        <source>10 or 13 digits</source>
        <translation>10 hoặc 13 chữ số</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Personal ID number</source>
        <translation>Số định danh cá nhân</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Permanent address</source>
        <translation>Nơi thường trú</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <source>Submitting on behalf of</source>
        <translation>Nộp thay cho</translation>
    </message>
    <message>
        <source>leave empty if for oneself</source>
        <translation>để trống nếu tự nộp</translation>
    </message>
    <message>
        <source>Relationship / authorisation</source>
        <translation>Quan hệ / giấy ủy quyền</translation>
    </message>
    <message>
        <source>The fields read from the previous card are no longer marked as read from a card: check them with the applicant.</source>
        <translation>Các ô đã đọc từ thẻ trước không còn được đánh dấu “từ thẻ CCCD”: hãy kiểm tra lại với người nộp.</translation>
    </message>
    <message>
        <source>Read from the ID card. Check the details with the applicant.</source>
        <translation>Đã đọc từ thẻ căn cước. Hãy đối chiếu thông tin với người nộp.</translation>
    </message>
</context>
<context>
    <name>CatalogView</name>
    <message>
        <source>Procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>Search by name or code, with or without accents</source>
        <translation>Tìm theo tên hoặc mã thủ tục, gõ có dấu hay không dấu đều được</translation>
    </message>
    <message>
        <source>Loading the catalog…</source>
        <translation>Đang tải danh mục…</translation>
    </message>
    <message>
        <source>All fields</source>
        <translation>Tất cả lĩnh vực</translation>
    </message>
    <message>
        <source>same day</source>
        <translation>trong ngày</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n procedure(s) in force today</source>
        <translation>
            <numerusform>%n thủ tục đang áp dụng hôm nay</numerusform>
        </translation>
    </message>
    <message>
        <source>No procedure in force today matches</source>
        <translation>Không có thủ tục nào đang áp dụng hôm nay khớp với từ khóa</translation>
    </message>
    <message>
        <source>Choose a procedure to see its documents, time limit and fee.</source>
        <translation>Chọn một thủ tục để xem thành phần hồ sơ, thời hạn và phí, lệ phí.</translation>
    </message>
    <message>
        <source>published</source>
        <translation>đang công khai</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>công khai sửa đổi, bổ sung</translation>
    </message>
    <message>
        <source>abolished</source>
        <translation>bãi bỏ</translation>
    </message>
    <message>
        <source>in force from %1</source>
        <translation>hiệu lực từ %1</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>đến hết %1</translation>
    </message>
    <message>
        <source>required</source>
        <translation>bắt buộc</translation>
    </message>
    <message>
        <source>only if</source>
        <translation>chỉ khi</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Thời hạn giải quyết</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Competent agency</source>
        <translation>Cơ quan thực hiện</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>phiên bản %1</translation>
    </message>
    <message>
        <source>Documents to submit</source>
        <translation>Thành phần hồ sơ</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Căn cứ pháp lý</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn công bố</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Các phiên bản</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>CentralStatusLabel</name>
    <message>
        <source>Central system: checking…</source>
        <translation>Hệ thống trung tâm: đang kiểm tra…</translation>
    </message>
    <message>
        <source>The last sending attempt failed; it will be retried.</source>
        <translation>Lần gửi vừa rồi không thành công; máy sẽ tự gửi lại.</translation>
    </message>
</context>
<context>
    <name>ChecklistStep</name>
    <message>
        <source>Which papers were handed in?</source>
        <translation>Người nộp đã đưa những giấy tờ nào?</translation>
    </message>
    <message>
        <source>Paper (published checklist)</source>
        <translation>Giấy tờ (theo thành phần hồ sơ đã công bố)</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <source>Photocopies</source>
        <translation>Bản chụp</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Certified
copies</source>
        <translation>Bản sao
chứng thực</translation>
    </message>
    <message>
        <source>All required papers received (F6)</source>
        <translation>Đã nhận đủ giấy tờ bắt buộc (F6)</translation>
    </message>
    <message>
        <source>+ Paper given voluntarily…</source>
        <translation>+ Giấy tờ nộp thêm (tự nguyện)…</translation>
    </message>
    <message>
        <source>given voluntarily</source>
        <translation>nộp thêm (tự nguyện)</translation>
    </message>
    <message>
        <source>original</source>
        <translation>bản chính</translation>
    </message>
    <message>
        <source>certified copy</source>
        <translation>bản sao chứng thực</translation>
    </message>
    <message>
        <source>photocopy</source>
        <translation>bản chụp</translation>
    </message>
    <message>
        <source>1 paper</source>
        <translation>1 bản</translation>
    </message>
    <message>
        <source>Only if: %1</source>
        <translation>Chỉ khi: %1</translation>
    </message>
    <message>
        <source>voluntary</source>
        <translation>tự nguyện</translation>
    </message>
    <message>
        <source>received</source>
        <translation>đã nhận</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>còn thiếu</translation>
    </message>
    <message>
        <source>if applicable</source>
        <translation>nếu có</translation>
    </message>
    <message numerus="yes">
        <source>%n required paper(s) missing.</source>
        <translation>
            <numerusform>Còn thiếu %n giấy tờ bắt buộc.</numerusform>
        </translation>
    </message>
    <message>
        <source>All required papers are here.</source>
        <translation>Đã đủ giấy tờ bắt buộc.</translation>
    </message>
    <message>
        <source>Paper given voluntarily</source>
        <translation>Giấy tờ nộp thêm</translation>
    </message>
    <message>
        <source>Name of the paper (it will be recorded and printed as voluntary, never as required):</source>
        <translation>Tên giấy tờ (được ghi và in là nộp thêm tự nguyện, không bao giờ là bắt buộc):</translation>
    </message>
</context>
<context>
    <name>DecisionStep</name>
    <message>
        <source>Decision</source>
        <translation>Quyết định</translation>
    </message>
    <message>
        <source>Accept and print receipt (Ctrl+Enter)</source>
        <translation>Tiếp nhận và in giấy biên nhận (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Request supplement…</source>
        <translation>Yêu cầu bổ sung…</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>Từ chối…</translation>
    </message>
    <message>
        <source>View the printed document…</source>
        <translation>Xem giấy tờ đã in…</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>%1 of %2 required papers</source>
        <translation>%1/%2 giấy tờ bắt buộc</translation>
    </message>
    <message numerus="yes">
        <source>%n conditional paper(s)</source>
        <translation>
            <numerusform>%n giấy tờ có điều kiện</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voluntary</source>
        <translation>
            <numerusform>%n giấy tờ nộp thêm</numerusform>
        </translation>
    </message>
    <message>
        <source>Papers</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Thời hạn giải quyết</translation>
    </message>
    <message>
        <source>Missing: %1. Request a supplement listing all of them, or refuse.</source>
        <translation>Còn thiếu: %1. Hãy yêu cầu bổ sung một lần tất cả, hoặc từ chối.</translation>
    </message>
    <message>
        <source>Result due if accepted now</source>
        <translation>Hẹn trả nếu tiếp nhận bây giờ</translation>
    </message>
    <message>
        <source>Accepted. Dossier code &lt;b&gt;%1&lt;/b&gt;, result due &lt;b&gt;%2&lt;/b&gt;. The receipt is printing.</source>
        <translation>Đã tiếp nhận. Mã hồ sơ &lt;b&gt;%1&lt;/b&gt;, hẹn trả kết quả &lt;b&gt;%2&lt;/b&gt;. Giấy biên nhận đang được in.</translation>
    </message>
    <message>
        <source>Supplement request printed. The dossier waits for the papers.</source>
        <translation>Đã in phiếu yêu cầu bổ sung. Hồ sơ chờ người nộp bổ sung giấy tờ.</translation>
    </message>
    <message>
        <source>Refusal printed with its reason.</source>
        <translation>Đã in phiếu từ chối kèm lý do.</translation>
    </message>
    <message>
        <source>Printed document</source>
        <translation>Giấy tờ đã in</translation>
    </message>
</context>
<context>
    <name>DigitiseStep</name>
    <message>
        <source>searchable text ready</source>
        <translation>có lớp chữ tìm kiếm</translation>
    </message>
    <message>
        <source>no searchable text: Tesseract is missing</source>
        <translation>chưa có lớp chữ: thiếu Tesseract</translation>
    </message>
    <message>
        <source>searchable text could not be made</source>
        <translation>không tạo được lớp chữ</translation>
    </message>
    <message>
        <source>searchable text being made…</source>
        <translation>đang tạo lớp chữ…</translation>
    </message>
    <message>
        <source>Digitise the papers</source>
        <translation>Số hóa giấy tờ</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <source>Choose the digitised paper</source>
        <translation>Chọn tệp giấy tờ đã số hóa</translation>
    </message>
    <message>
        <source>Use the copy on file</source>
        <translation>Dùng bản đã có</translation>
    </message>
    <message>
        <source>Scan a page (F5)</source>
        <translation>Quét một trang (F5)</translation>
    </message>
    <message>
        <source>Scan the feeder (F6)</source>
        <translation>Quét cả khay giấy (F6)</translation>
    </message>
    <message>
        <source>Pages of this paper:</source>
        <translation>Số trang của giấy tờ:</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Xoay</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Rescan page</source>
        <translation>Quét lại trang</translation>
    </message>
    <message>
        <source>Handwritten notes</source>
        <translation>Có ghi chú viết tay</translation>
    </message>
    <message>
        <source>Second scan</source>
        <translation>Quét lần hai</translation>
    </message>
    <message>
        <source>Scan the page again, without the handwritten notes</source>
        <translation>Quét lại trang này, sau khi che/bỏ ghi chú viết tay</translation>
    </message>
    <message>
        <source>Move from this page to</source>
        <translation>Chuyển từ trang này sang</translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation>Hủy quét</translation>
    </message>
    <message>
        <source>Seal this paper</source>
        <translation>Niêm phong giấy tờ này</translation>
    </message>
    <message>
        <source>Only shown, not scanned: %1</source>
        <translation>Chỉ xuất trình, không quét: %1</translation>
    </message>
    <message>
        <source>No paper to digitise has been received.</source>
        <translation>Chưa nhận giấy tờ nào cần số hóa.</translation>
    </message>
    <message>
        <source>copy on file used</source>
        <translation>dùng bản số hóa đã có</translation>
    </message>
    <message numerus="yes">
        <source>sealed, %n page(s)</source>
        <translation>
            <numerusform>đã niêm phong, %n trang</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 page(s) scanned</source>
        <translation>đã quét %1/%2 trang</translation>
    </message>
    <message>
        <source>No scanner is set up on this machine.</source>
        <translation>Máy này chưa cài đặt máy quét.</translation>
    </message>
    <message>
        <source>This applicant&apos;s %1 is already on file, sealed on %2 (dossier %3, %4 page(s)). Use it instead of scanning again?</source>
        <translation>Người nộp đã có bản số hóa “%1”, niêm phong ngày %2 (hồ sơ %3, %4 trang). Dùng bản này thay cho quét lại?</translation>
    </message>
    <message>
        <source>“%1” is sealed.</source>
        <translation>Đã niêm phong “%1”.</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>Tiếp theo: %1</translation>
    </message>
    <message>
        <source>Now scan page %1 again, without the handwritten notes</source>
        <translation>Bây giờ quét lại trang %1, sau khi che/bỏ ghi chú viết tay</translation>
    </message>
    <message>
        <source>Now scan: %1 (%2)</source>
        <translation>Bây giờ quét: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n trang</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n original(s)</source>
        <translation>
            <numerusform>%n bản chính</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certified copy(ies)</source>
        <translation>
            <numerusform>%n bản sao có chứng thực</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photocopy(ies)</source>
        <translation>
            <numerusform>%n bản chụp</numerusform>
        </translation>
    </message>
    <message>
        <source>No scanner is set up on this machine: import a file instead.</source>
        <translation>Máy này chưa cài đặt máy quét: hãy chọn tệp thay thế.</translation>
    </message>
    <message>
        <source>%v of %m page(s)</source>
        <translation>%v/%m trang</translation>
    </message>
    <message>
        <source>Starting the scanner…</source>
        <translation>Đang khởi động máy quét…</translation>
    </message>
    <message>
        <source>Stopping after the current page…</source>
        <translation>Đang dừng sau trang hiện tại…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) received.</source>
        <translation>
            <numerusform>Đã nhận %n trang.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>Đã hủy quét.</translation>
    </message>
    <message>
        <source>Sealing and signing…</source>
        <translation>Đang niêm phong và ký số…</translation>
    </message>
    <message>
        <source>Sealed.</source>
        <translation>Đã niêm phong.</translation>
    </message>
    <message>
        <source>Wait for the scan to finish, or cancel it.</source>
        <translation>Hãy chờ quét xong, hoặc hủy quét.</translation>
    </message>
    <message>
        <source>Not sealed: the paper needs your digital signature.</source>
        <translation>Chưa niêm phong: giấy tờ cần chữ ký số của anh/chị.</translation>
    </message>
</context>
<context>
    <name>DossierDetailView</name>
    <message>
        <source>Select a dossier in the list to see it here.</source>
        <translation>Chọn một hồ sơ trong danh sách để xem chi tiết ở đây.</translation>
    </message>
    <message>
        <source>(no code yet)</source>
        <translation>(chưa có mã)</translation>
    </message>
    <message>
        <source>Receive the supplemented papers</source>
        <translation>Nhận giấy tờ bổ sung</translation>
    </message>
    <message>
        <source>Continue receiving this dossier</source>
        <translation>Tiếp tục tiếp nhận hồ sơ này</translation>
    </message>
    <message>
        <source>Discard this draft</source>
        <translation>Xóa bản nháp này</translation>
    </message>
    <message>
        <source>Apology sent %1: due date moved from %2 to %3.</source>
        <translation>Đã gửi văn bản xin lỗi ngày %1: ngày hẹn trả chuyển từ %2 sang %3.</translation>
    </message>
    <message>
        <source>Apology letter and new date…</source>
        <translation>Văn bản xin lỗi, hẹn lại ngày trả…</translation>
    </message>
    <message>
        <source>Stop processing…</source>
        <translation>Dừng giải quyết hồ sơ…</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>bắt đầu %1</translation>
    </message>
    <message>
        <source>received %1</source>
        <translation>tiếp nhận lúc %1</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>hẹn trả %1</translation>
    </message>
    <message>
        <source>late</source>
        <translation>quá hạn</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>sắp đến hạn</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>same day</source>
        <translation>trong ngày</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>phiên bản %1</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Tổ chức</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>Mã số thuế</translation>
    </message>
    <message>
        <source>On behalf of</source>
        <translation>Nộp thay cho</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Quan hệ</translation>
    </message>
    <message>
        <source>read from the CCCD card</source>
        <translation>đọc từ thẻ CCCD</translation>
    </message>
    <message>
        <source>Papers received</source>
        <translation>Giấy tờ đã nhận</translation>
    </message>
    <message numerus="yes">
        <source>%n original(s)</source>
        <translation>
            <numerusform>%n bản chính</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certified copy(ies)</source>
        <translation>
            <numerusform>%n bản sao chứng thực</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photocopy(ies)</source>
        <translation>
            <numerusform>%n bản photo</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing received</source>
        <translation>chưa nhận</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) digitised</source>
        <translation>
            <numerusform>%n trang đã số hóa</numerusform>
        </translation>
    </message>
    <message>
        <source>not digitised</source>
        <translation>chưa số hóa</translation>
    </message>
    <message>
        <source>submitted in addition (voluntary)</source>
        <translation>nộp thêm (tự nguyện)</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>đủ</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>còn thiếu</translation>
    </message>
    <message>
        <source>conditional: %1</source>
        <translation>có điều kiện: %1</translation>
    </message>
    <message>
        <source>Documents printed</source>
        <translation>Giấy tờ đã in</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>Chưa có.</translation>
    </message>
    <message>
        <source>Receipt and appointment</source>
        <translation>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</translation>
    </message>
    <message>
        <source>Supplement request</source>
        <translation>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</translation>
    </message>
    <message>
        <source>Refusal notice</source>
        <translation>Phiếu từ chối tiếp nhận giải quyết hồ sơ</translation>
    </message>
    <message>
        <source>Apology letter</source>
        <translation>Văn bản xin lỗi</translation>
    </message>
    <message>
        <source>Notice of stopping</source>
        <translation>Thông báo dừng giải quyết hồ sơ</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>bản sao</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Open the scan</source>
        <translation>Mở bản số hóa</translation>
    </message>
    <message>
        <source>Reprint (copy)</source>
        <translation>In lại (bản sao)</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>Lịch sử trạng thái</translation>
    </message>
    <message>
        <source>(no officer recorded)</source>
        <translation>(không ghi cán bộ)</translation>
    </message>
    <message>
        <source>No PDF viewer could open the file: %1</source>
        <translation>Không có chương trình xem PDF nào mở được tệp: %1</translation>
    </message>
    <message>
        <source>“%1” was sent to the printer. Tell the applicant.</source>
        <translation>Đã gửi lệnh in “%1”. Hãy báo cho người nộp hồ sơ.</translation>
    </message>
    <message>
        <source>Discard the draft started %1? What was entered is deleted; this cannot be undone.</source>
        <translation>Xóa bản nháp bắt đầu lúc %1? Những gì đã nhập sẽ bị xóa và không khôi phục được.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>A copy of “%1” was sent to the printer.</source>
        <translation>Đã gửi bản sao “%1” tới máy in.</translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <source>Result ready — ready for hand-over</source>
        <translation>Đã có kết quả — sẵn sàng trả</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ngày nhận</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Late: the result is past its due date</source>
        <translation>Quá hạn: đã qua ngày hẹn trả kết quả</translation>
    </message>
    <message>
        <source>Due today or on the next working day</source>
        <translation>Đến hạn hôm nay hoặc ngày làm việc tiếp theo</translation>
    </message>
    <message>
        <source>(no code yet)</source>
        <translation>(chưa có mã)</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n ngày</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossiersView</name>
    <message>
        <source>Dossiers</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Search by dossier code, applicant name or ID number (Ctrl+F)</source>
        <translation>Tìm theo mã hồ sơ, tên người nộp hoặc số định danh (Ctrl+F)</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 ngày</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Tracking register…</source>
        <translation>Sổ theo dõi hồ sơ…</translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s)</source>
        <translation>
            <numerusform>%n hồ sơ</numerusform>
        </translation>
    </message>
    <message>
        <source>No dossier matches. Try another period (7 days, All) or another search.</source>
        <translation>Không có hồ sơ nào phù hợp. Hãy chọn khoảng thời gian khác (7 ngày, Tất cả) hoặc tìm từ khác.</translation>
    </message>
</context>
<context>
    <name>EformStep</name>
    <message>
        <source>Declaration form</source>
        <translation>Tờ khai</translation>
    </message>
    <message>
        <source>This procedure has no electronic declaration form. Go on.</source>
        <translation>Thủ tục này không có tờ khai điện tử. Hãy tiếp tục.</translation>
    </message>
    <message>
        <source>Fields marked * are required. Hover a field for help.</source>
        <translation>Trường có dấu * là bắt buộc. Đưa chuột vào trường để xem hướng dẫn.</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>No phone, e-mail or address recorded: tell them at the counter.</source>
        <translation>Không có số điện thoại, thư điện tử hay địa chỉ: hãy báo trực tiếp tại quầy.</translation>
    </message>
    <message>
        <source>Tell the applicant:</source>
        <translation>Báo cho người nộp hồ sơ:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Write the reason (at least %1 characters).</source>
        <translation>Hãy ghi lý do (ít nhất %1 ký tự).</translation>
    </message>
</context>
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
        <source>Procedures</source>
        <translation>Thủ tục hành chính</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Hàng chờ</translation>
    </message>
    <message>
        <source>New dossier</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Dossiers</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Return results</source>
        <translation>Trả kết quả</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>You are in the middle of receiving the dossier %1.

If you sign out, it is put aside under your name: the next officer gets an empty reception page, and the dossier opens again where you left it when you sign in.</source>
        <translation>Bạn đang tiếp nhận dở hồ sơ %1.

Nếu đăng xuất, hồ sơ được cất lại dưới tên bạn: cán bộ đăng nhập sau thấy trang tiếp nhận trống, còn khi bạn đăng nhập lại, hồ sơ mở lại đúng chỗ đang làm.</translation>
    </message>
    <message>
        <source>Put it aside and sign out</source>
        <translation>Cất hồ sơ và đăng xuất</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Ở lại làm tiếp</translation>
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
    <message>
        <source>Supervision</source>
        <translation>Giám sát</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
</context>
<context>
    <name>OfficerBadge</name>
    <message>
        <source>Lock</source>
        <translation>Khóa màn hình</translation>
    </message>
    <message>
        <source>Lock the screen (Ctrl+L); your work stays as it is</source>
        <translation>Khóa màn hình (Ctrl+L); công việc đang làm được giữ nguyên</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
</context>
<context>
    <name>OfficerSession</name>
    <message>
        <source>reception officer</source>
        <translation>cán bộ tiếp nhận</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>giám sát</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>kỹ thuật viên</translation>
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
    <message>
        <source>Processing deadlines</source>
        <translation>Hạn xử lý</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Ngày mai</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Tình trạng hạn</translation>
    </message>
    <message>
        <source>No dossier is due today or on the next working day, and none is late.</source>
        <translation>Không có hồ sơ đến hạn hôm nay hoặc ngày làm việc tiếp theo, và không có hồ sơ quá hạn.</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Đến hạn hôm nay</translation>
    </message>
    <message>
        <source>Due tomorrow</source>
        <translation>Đến hạn ngày mai</translation>
    </message>
    <message numerus="yes">
        <source>Late by %n working day(s)</source>
        <translation>
            <numerusform>Quá hạn %n ngày làm việc</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s) need an apology letter with a new date now (at least one working day before the due date).</source>
        <translation>
            <numerusform>%n hồ sơ cần gửi văn bản xin lỗi và hẹn lại ngày trả kết quả ngay (chậm nhất 01 ngày làm việc trước ngày hẹn trả).</numerusform>
        </translation>
    </message>
    <message>
        <source>Citizens&apos; ratings of your work (last 30 days)</source>
        <translation>Người dân đánh giá công việc của bạn (30 ngày qua)</translation>
    </message>
    <message>
        <source>Not enough ratings to show yet</source>
        <translation>Chưa đủ đánh giá để hiển thị</translation>
    </message>
    <message numerus="yes">
        <source>Over %n rating(s):</source>
        <translation>
            <numerusform>Trung bình của %n lượt đánh giá:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <source>Page %1</source>
        <translation>Trang %1</translation>
    </message>
    <message>
        <source>Page %1 (2nd scan)</source>
        <translation>Trang %1 (quét lần hai)</translation>
    </message>
    <message>
        <source>2nd scan</source>
        <translation>lần hai</translation>
    </message>
    <message>
        <source>handwritten</source>
        <translation>viết tay</translation>
    </message>
    <message>
        <source>blank?</source>
        <translation>trắng?</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n trang</numerusform>
        </translation>
    </message>
    <message>
        <source>Print a copy…</source>
        <translation>In bản sao…</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Đang mở…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>The document cannot be read from the disk. Tell the technician.</source>
        <translation>Không đọc được giấy tờ trên đĩa. Hãy báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>This counter&apos;s receipt printer</source>
        <translation>Máy in biên nhận của quầy</translation>
    </message>
    <message>
        <source>Print a copy</source>
        <translation>In một bản sao</translation>
    </message>
    <message>
        <source>Printer:</source>
        <translation>Máy in:</translation>
    </message>
</context>
<context>
    <name>PrintQueueStatus</name>
    <message>
        <source>Print them again</source>
        <translation>In lại</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) not printed</source>
        <translation>
            <numerusform>%n giấy tờ chưa in được</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) waiting for the printer</source>
        <translation>
            <numerusform>%n giấy tờ đang chờ máy in</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProcedureStep</name>
    <message>
        <source>Which procedure?</source>
        <translation>Thủ tục nào?</translation>
    </message>
    <message>
        <source>Type the name or code of the procedure, with or without accents (e.g. khai sinh, 1.001193)</source>
        <translation>Gõ tên hoặc mã thủ tục, có dấu hoặc không dấu (ví dụ: khai sinh, 1.001193)</translation>
    </message>
    <message>
        <source>Enter or double-click picks the highlighted procedure. Expired and abolished procedures are never listed.</source>
        <translation>Nhấn Enter hoặc nhấp đúp để chọn thủ tục đang tô sáng. Thủ tục hết hiệu lực hoặc đã bãi bỏ không bao giờ được hiển thị.</translation>
    </message>
    <message>
        <source>Case — each has its own time limit; pick the case of this dossier:</source>
        <translation>Trường hợp — mỗi trường hợp có thời hạn giải quyết riêng; hãy chọn trường hợp của hồ sơ này:</translation>
    </message>
    <message>
        <source>Pick the case of the procedure first.</source>
        <translation>Hãy chọn trường hợp của thủ tục trước.</translation>
    </message>
    <message>
        <source>The procedure catalog of this machine is empty. A technician loads it with: kiosk catalog import FILE</source>
        <translation>Danh mục thủ tục của máy này đang trống. Kỹ thuật viên nạp danh mục bằng lệnh: kiosk catalog import TỆP</translation>
    </message>
    <message>
        <source>No procedure in force matches “%1”.</source>
        <translation>Không có thủ tục còn hiệu lực nào khớp với “%1”.</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Queue</source>
        <translation>Hàng chờ</translation>
    </message>
    <message>
        <source>Call next number (F2)</source>
        <translation>Gọi số tiếp theo (F2)</translation>
    </message>
    <message numerus="yes">
        <source>At counter %n</source>
        <translation>
            <numerusform>Tại quầy %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Receive dossier</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Gọi lại</translation>
    </message>
    <message>
        <source>Absent — skip</source>
        <translation>Vắng mặt — bỏ qua</translation>
    </message>
    <message>
        <source>End this visit</source>
        <translation>Kết thúc lượt</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Đã chờ</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <source>Call selected number</source>
        <translation>Gọi số đã chọn</translation>
    </message>
    <message>
        <source>Put back in line</source>
        <translation>Xếp lại hàng</translation>
    </message>
    <message>
        <source>An absent person came back: back to the end of the line</source>
        <translation>Người vắng mặt đã quay lại: xếp vào cuối hàng</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n phút</numerusform>
        </translation>
    </message>
    <message>
        <source>absent — </source>
        <translation>vắng mặt — </translation>
    </message>
    <message>
        <source>(no service chosen)</source>
        <translation>(chưa chọn dịch vụ)</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) waiting</source>
        <translation>
            <numerusform>%n người đang chờ</numerusform>
        </translation>
    </message>
    <message>
        <source>No number called. Press “Call next number”.</source>
        <translation>Chưa gọi số nào. Bấm “Gọi số tiếp theo”.</translation>
    </message>
    <message>
        <source>Being served</source>
        <translation>Đang phục vụ</translation>
    </message>
    <message>
        <source>Called at %1 (%2 time(s)) — waiting for the person to come</source>
        <translation>Đã gọi lúc %1 (%2 lần) — đang chờ công dân đến quầy</translation>
    </message>
    <message>
        <source>Nobody is waiting.</source>
        <translation>Không còn ai đang chờ.</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Papers</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Tờ khai</translation>
    </message>
    <message>
        <source>Digitise</source>
        <translation>Số hóa</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Quyết định</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>New dossier (Ctrl+N)</source>
        <translation>Hồ sơ mới (Ctrl+N)</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Request supplement…</source>
        <translation>Yêu cầu bổ sung…</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Số thứ tự %1</translation>
    </message>
    <message>
        <source>Procedure: %1</source>
        <translation>Thủ tục: %1</translation>
    </message>
</context>
<context>
    <name>RecoveryBar</name>
    <message>
        <source>Scanned pages of dossiers not finished were kept (the app was closed while scanning). Take them up again:</source>
        <translation>Các trang đã quét của hồ sơ tiếp nhận dở vẫn được giữ (ứng dụng đã tắt khi đang quét). Tiếp tục với:</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n trang</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue scanning</source>
        <translation>Tiếp tục quét</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more in “Dossiers” (drafts).</source>
        <translation>
            <numerusform>…và %n hồ sơ khác trong “Hồ sơ” (đang tiếp nhận).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>Refuse the dossier</source>
        <translation>Từ chối tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Reason for refusing (printed on the refusal form):</source>
        <translation>Lý do từ chối (in trên phiếu từ chối):</translation>
    </message>
    <message>
        <source>Print refusal</source>
        <translation>In phiếu từ chối</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Write the reason (at least 10 characters).</source>
        <translation>Hãy ghi lý do (ít nhất 10 ký tự).</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Dossier tracking register</source>
        <translation>Sổ theo dõi hồ sơ</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến ngày</translation>
    </message>
    <message>
        <source>Register (PDF)</source>
        <translation>In sổ (PDF)</translation>
    </message>
    <message>
        <source>Control sheets (PDF)</source>
        <translation>In phiếu kiểm soát (PDF)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Xuất CSV</translation>
    </message>
    <message>
        <source>Export Excel (XLSX)</source>
        <translation>Xuất Excel (XLSX)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Lưu thành</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n dossier(s)).</source>
        <translation>
            <numerusform>Đã ghi %1 (%n hồ sơ).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReturnView</name>
    <message>
        <source>Return results</source>
        <translation>Trả kết quả</translation>
    </message>
    <message>
        <source>Scan the QR code on the receipt, or type the dossier code and press Enter.</source>
        <translation>Quét mã QR trên giấy tiếp nhận, hoặc gõ mã hồ sơ rồi nhấn Enter.</translation>
    </message>
    <message>
        <source>QR code or dossier code, e.g. 000.31.27.H56-251207-0001</source>
        <translation>Mã QR hoặc mã hồ sơ, ví dụ 000.31.27.H56-251207-0001</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Hand over the result</source>
        <translation>Trả kết quả cho người nhận</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Người nhận</translation>
    </message>
    <message>
        <source>The recipient is an authorised person</source>
        <translation>Người nhận là người được ủy quyền</translation>
    </message>
    <message>
        <source>Check the power of attorney and the recipient&apos;s ID card; enter the recipient&apos;s own full name.</source>
        <translation>Kiểm tra văn bản ủy quyền và giấy tờ tùy thân của người nhận; ghi họ tên của chính người nhận.</translation>
    </message>
    <message>
        <source>The result has arrived: record it</source>
        <translation>Kết quả đã về: ghi nhận</translation>
    </message>
    <message>
        <source>Hand over early, before the result is recorded as ready</source>
        <translation>Trả sớm, trước khi ghi nhận đã có kết quả</translation>
    </message>
    <message>
        <source>Reason for the early hand-over (recorded in the dossier&apos;s history)</source>
        <translation>Lý do trả sớm (ghi vào lịch sử hồ sơ)</translation>
    </message>
    <message>
        <source>Confirm the result was returned</source>
        <translation>Xác nhận đã trả kết quả</translation>
    </message>
    <message>
        <source>The local store is still opening; try again in a moment.</source>
        <translation>Kho dữ liệu đang được mở; hãy thử lại sau giây lát.</translation>
    </message>
    <message>
        <source>Result ready — ready for hand-over</source>
        <translation>Đã có kết quả — sẵn sàng trả</translation>
    </message>
    <message>
        <source>The result of this dossier is not recorded as ready yet (due %1).</source>
        <translation>Kết quả của hồ sơ này chưa được ghi nhận là đã có (hẹn trả %1).</translation>
    </message>
    <message>
        <source>no due date</source>
        <translation>chưa có ngày hẹn trả</translation>
    </message>
    <message numerus="yes">
        <source>late by %n working day(s)</source>
        <translation>
            <numerusform>quá hạn %n ngày làm việc</numerusform>
        </translation>
    </message>
    <message>
        <source>past its due date</source>
        <translation>đã quá ngày hẹn trả</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>đến hạn hôm nay</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>còn trong hạn</translation>
    </message>
    <message>
        <source>The result of this dossier has already been returned%1.</source>
        <translation>Hồ sơ này đã được trả kết quả%1.</translation>
    </message>
    <message>
        <source>This dossier was refused at reception: there is no result to return.</source>
        <translation>Hồ sơ này đã bị từ chối tiếp nhận: không có kết quả để trả.</translation>
    </message>
    <message>
        <source>This dossier is still being received: there is no decision yet.</source>
        <translation>Hồ sơ này đang được tiếp nhận, chưa có quyết định: chưa có kết quả để trả.</translation>
    </message>
    <message>
        <source>This dossier is waiting for the applicant&apos;s supplement: there is no result yet.</source>
        <translation>Hồ sơ này đang chờ người nộp bổ sung giấy tờ: chưa có kết quả để trả.</translation>
    </message>
    <message>
        <source>Enter the full name of the person receiving the result.</source>
        <translation>Hãy ghi họ tên người nhận kết quả.</translation>
    </message>
    <message>
        <source>An authorised person is someone other than the applicant: enter their own full name, or untick the box.</source>
        <translation>Người được ủy quyền là người khác với người nộp hồ sơ: hãy ghi họ tên của chính người đó, hoặc bỏ đánh dấu ô ủy quyền.</translation>
    </message>
    <message>
        <source>Recorded: the result of dossier %1 was handed to %2 at %3.</source>
        <translation>Đã ghi nhận: kết quả hồ sơ %1 đã trả cho %2 lúc %3.</translation>
    </message>
</context>
<context>
    <name>ScanJob</name>
    <message>
        <source>Scanning…</source>
        <translation>Đang quét…</translation>
    </message>
    <message>
        <source>Page %1 received, processing…</source>
        <translation>Đã nhận trang %1, đang xử lý…</translation>
    </message>
    <message>
        <source>Page %1: %2</source>
        <translation>Trang %1: %2</translation>
    </message>
    <message>
        <source>%1 page(s) scanned</source>
        <translation>Đã quét %1 trang</translation>
    </message>
</context>
<context>
    <name>SigninView</name>
    <message numerus="yes">
        <source>COUNTER %n</source>
        <translation>
            <numerusform>QUẦY %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>e.g. canbo1</source>
        <translation>ví dụ: canbo1</translation>
    </message>
    <message>
        <source>PIN or password</source>
        <translation>Mã PIN hoặc mật khẩu</translation>
    </message>
    <message>
        <source>Sign out so another officer can sign in</source>
        <translation>Đăng xuất để cán bộ khác đăng nhập</translation>
    </message>
    <message>
        <source>Demo accounts: %1</source>
        <translation>Tài khoản mẫu (DEMO): %1</translation>
    </message>
    <message>
        <source>Screen locked</source>
        <translation>Màn hình đã khóa</translation>
    </message>
    <message>
        <source>%1 is signed in at this counter. Enter your PIN to continue where you left off.</source>
        <translation>%1 đang đăng nhập tại quầy này. Nhập mã PIN để làm tiếp công việc đang dở.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Officer sign-in</source>
        <translation>Đăng nhập cán bộ</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Opening the local store…</source>
        <translation>Đang mở kho dữ liệu…</translation>
    </message>
    <message>
        <source>Enter your username.</source>
        <translation>Hãy nhập tên đăng nhập.</translation>
    </message>
    <message>
        <source>Enter your PIN or password.</source>
        <translation>Hãy nhập mã PIN hoặc mật khẩu.</translation>
    </message>
    <message>
        <source>No officer account exists on this machine yet. A technician creates one with: kiosk officers add USERNAME --name &quot;Full name&quot; --role officer</source>
        <translation>Chưa có tài khoản cán bộ nào trên máy này. Kỹ thuật viên tạo tài khoản bằng lệnh: kiosk officers add TÊN_ĐĂNG_NHẬP --name &quot;Họ và tên&quot; --role officer</translation>
    </message>
</context>
<context>
    <name>StopDialog</name>
    <message>
        <source>Notice of stopping the processing</source>
        <translation>Thông báo dừng giải quyết hồ sơ</translation>
    </message>
    <message>
        <source>Reason for stopping</source>
        <translation>Lý do dừng giải quyết</translation>
    </message>
    <message>
        <source>Step reached</source>
        <translation>Hồ sơ đã xử lý đến bước</translation>
    </message>
    <message>
        <source>Fees already paid</source>
        <translation>Phí, lệ phí đã nộp</translation>
    </message>
    <message>
        <source>Print the notice</source>
        <translation>In thông báo</translation>
    </message>
    <message>
        <source>Say which step the processing reached.</source>
        <translation>Hãy ghi hồ sơ đã được xử lý đến bước nào.</translation>
    </message>
</context>
<context>
    <name>SupervisorView</name>
    <message>
        <source>Supervision: deadlines and indicators</source>
        <translation>Giám sát: hạn xử lý và chỉ tiêu</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Đến hạn hôm nay</translation>
    </message>
    <message>
        <source>Due on the next working day</source>
        <translation>Đến hạn ngày làm việc tới</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Apology letter due</source>
        <translation>Cần gửi văn bản xin lỗi</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <source>Results on time</source>
        <translation>Có kết quả đúng hạn</translation>
    </message>
    <message>
        <source>Late (results and in progress)</source>
        <translation>Trễ hạn (đã có kết quả và đang giải quyết)</translation>
    </message>
    <message>
        <source>Supplement requests</source>
        <translation>Yêu cầu bổ sung</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>Từ chối tiếp nhận</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>Digitised dossiers</source>
        <translation>Hồ sơ số hóa đủ thành phần</translation>
    </message>
    <message>
        <source>Re-used papers</source>
        <translation>Giấy tờ tái sử dụng</translation>
    </message>
    <message>
        <source>Satisfaction (Decision 766)</source>
        <translation>Mức độ hài lòng (QĐ 766)</translation>
    </message>
    <message>
        <source>Drawing the chart…</source>
        <translation>Đang vẽ biểu đồ…</translation>
    </message>
    <message>
        <source>Dossiers of every officer, the most urgent first</source>
        <translation>Hồ sơ của mọi cán bộ, gấp nhất trước</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Tình trạng hạn</translation>
    </message>
    <message>
        <source>No dossier is due today or on the next working day, and none is late.</source>
        <translation>Không có hồ sơ đến hạn hôm nay hoặc ngày làm việc tiếp theo, và không có hồ sơ quá hạn.</translation>
    </message>
    <message>
        <source>By officer</source>
        <translation>Theo cán bộ</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>Đúng hạn</translation>
    </message>
    <message>
        <source>Supplements</source>
        <translation>Bổ sung</translation>
    </message>
    <message>
        <source>Digitised</source>
        <translation>Số hóa</translation>
    </message>
    <message>
        <source>Month %1/%2</source>
        <translation>Tháng %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>Late by %n working day(s)</source>
        <translation>
            <numerusform>Quá hạn %n ngày làm việc</numerusform>
        </translation>
    </message>
    <message>
        <source>Due tomorrow</source>
        <translation>Đến hạn ngày làm việc tới</translation>
    </message>
    <message>
        <source>Not enough ratings</source>
        <translation>Chưa đủ lượt đánh giá</translation>
    </message>
    <message>
        <source>(no officer recorded)</source>
        <translation>(không ghi cán bộ)</translation>
    </message>
    <message>
        <source>Stopped (form 05 notice)</source>
        <translation>Dừng giải quyết (mẫu 05)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Save the monthly report (PDF)…</source>
        <translation>Lưu báo cáo tháng (PDF)…</translation>
    </message>
    <message>
        <source>Print the monthly report</source>
        <translation>In báo cáo tháng</translation>
    </message>
    <message>
        <source>Save the monthly report</source>
        <translation>Lưu báo cáo tháng</translation>
    </message>
    <message>
        <source>Wrote the report of month %1 to %2.</source>
        <translation>Đã lưu báo cáo tháng %1 vào %2.</translation>
    </message>
    <message>
        <source>No printer is set for this counter: save the report as a PDF instead.</source>
        <translation>Quầy này chưa cài đặt máy in: hãy lưu báo cáo thành tệp PDF.</translation>
    </message>
    <message>
        <source>The report of month %1 was sent to the printer.</source>
        <translation>Đã gửi báo cáo tháng %1 tới máy in.</translation>
    </message>
    <message>
        <source>Preparing the monthly report…</source>
        <translation>Đang lập báo cáo tháng…</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>Request a supplement</source>
        <translation>Yêu cầu bổ sung hồ sơ</translation>
    </message>
    <message>
        <source>Only papers of the published checklist can be requested, and every missing required paper must be requested now, at once.</source>
        <translation>Chỉ được yêu cầu giấy tờ có trong thành phần hồ sơ đã công bố, và phải yêu cầu một lần tất cả giấy tờ bắt buộc còn thiếu.</translation>
    </message>
    <message>
        <source>only if: %1</source>
        <translation>chỉ khi: %1</translation>
    </message>
    <message>
        <source>Reason and guidance for the applicant:</source>
        <translation>Lý do và hướng dẫn cho người nộp:</translation>
    </message>
    <message>
        <source>This is request no. %1 for this dossier: a supervisor must approve it.</source>
        <translation>Đây là lần yêu cầu bổ sung thứ %1 của hồ sơ này: cần lãnh đạo (giám sát) phê duyệt.</translation>
    </message>
    <message>
        <source>Supervisor username</source>
        <translation>Tên đăng nhập của giám sát</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>Mã PIN của giám sát</translation>
    </message>
    <message>
        <source>Print supplement request</source>
        <translation>In phiếu yêu cầu bổ sung</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Choose the papers to supplement.</source>
        <translation>Hãy chọn giấy tờ cần bổ sung.</translation>
    </message>
    <message>
        <source>Write the reason (at least 10 characters).</source>
        <translation>Hãy ghi lý do (ít nhất 10 ký tự).</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <source>Sync with the central system</source>
        <translation>Đồng bộ với hệ thống trung tâm</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Số lần gửi</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Cập nhật lúc</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <source>Sync with the central system is not set up.</source>
        <translation>Chưa thiết lập đồng bộ với hệ thống trung tâm.</translation>
    </message>
    <message>
        <source>%1 items waiting to be sent, %2 of them need attention.</source>
        <translation>%1 mục đang chờ gửi, %2 mục cần người xử lý.</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Chờ gửi</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Đã xác nhận</translation>
    </message>
    <message>
        <source>Will retry</source>
        <translation>Sẽ gửi lại</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Đánh giá</translation>
    </message>
</context>
<context>
    <name>TextLayerRunner</name>
    <message>
        <source>Tesseract is missing: the digitised papers get no searchable text layer</source>
        <translation>Không có Tesseract: bản số hóa chưa có lớp chữ tìm kiếm được</translation>
    </message>
</context>
<context>
    <name>TokenPinDialog</name>
    <message>
        <source>Digital signature</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <source>Plug in your USB token “%1” and type its PIN to sign the scanned papers. The PIN is kept in memory only until you lock the screen or sign out.</source>
        <translation>Cắm USB token “%1” và nhập mã PIN để ký số các giấy tờ đã quét. Mã PIN chỉ được giữ trong bộ nhớ đến khi anh/chị khóa màn hình hoặc đăng xuất.</translation>
    </message>
    <message>
        <source>Token PIN</source>
        <translation>Mã PIN của token</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <source>Use the software key</source>
        <translation>Ký bằng khóa mềm</translation>
    </message>
    <message>
        <source>Sign with your software key until you lock the screen or sign out</source>
        <translation>Ký bằng khóa mềm của anh/chị cho đến khi khóa màn hình hoặc đăng xuất</translation>
    </message>
    <message>
        <source>Type the PIN of your USB token.</source>
        <translation>Hãy nhập mã PIN của USB token.</translation>
    </message>
    <message>
        <source>Checking the PIN on the token…</source>
        <translation>Đang kiểm tra mã PIN trên token…</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong: the last action may not have been saved. What was saved before it is kept. Check it, then try again; if it happens again, tell the technician and give them the details.</source>
        <translation>Đã có lỗi: thao tác vừa rồi có thể CHƯA được lưu. Những gì đã lưu trước đó vẫn còn. Hãy kiểm tra lại rồi thử lại; nếu lỗi lặp lại, hãy báo kỹ thuật viên kèm chi tiết lỗi.</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>Không thực hiện được</translation>
    </message>
</context>
</TS>
