"""Demo help pages (“Hướng dẫn”): one per portal task, in Vietnamese and English, each with
a screenshot of its screen from the demo (home/demo/images/help/, made by
scripts/help_screenshots.py). The steps name the portal's own buttons and fields."""

from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Locale, Page

from campaign.models import HelpIndexPage, HelpPage

SCREENSHOTS = Path(__file__).parent / "images" / "help"


@dataclass(frozen=True)
class Guide:
    task: str
    slug: str
    title: str
    intro: str
    steps: list[str]
    alt: str  # the screenshot's description (the image's title in the library)
    title_en: str
    intro_en: str
    steps_en: list[str]
    alt_en: str


GUIDES = [
    Guide(
        "receive",
        "tiep-nhan-thiet-bi",
        "Tiếp nhận thiết bị",
        "Khi nhà hảo tâm gửi máy, tổ “Thanh niên IT” ghi nhận ngay: mỗi thiết bị có một mã "
        "riêng và được theo dõi đến tay học sinh.",
        [
            "Vào <b>Thiết bị</b>, bấm <b>Tiếp nhận thiết bị</b>.",
            "Chọn <b>Đội tiếp nhận</b>. Để trống <b>Nơi tiếp nhận</b> nếu máy được nhận tại xã, thị trấn của đội.",
            "Chọn <b>Loại</b> (điện thoại, máy tính bảng, laptop, máy tính để bàn, sim dữ liệu 3G/4G), ghi hãng, mẫu máy, số serial hoặc IMEI.",
            "Ghi tình trạng khi nhận, đánh dấu có bộ sạc, có tai nghe; ghi tên và số điện thoại nhà hảo tâm.",
            "Với sim dữ liệu: điền nhà mạng, dung lượng (GB/ngày) và ngày hiệu lực.",
            "Chụp tối đa 6 ảnh máy, bấm <b>Lưu và cấp mã</b>, rồi <b>In nhãn</b> và dán nhãn QR lên máy.",
        ],
        "Màn hình Tiếp nhận thiết bị trên điện thoại: chọn đội tiếp nhận, loại máy, hãng",
        "Receive a device",
        "When a donor brings a device, the youth IT team records it at once: every device gets "
        "its own code and is followed all the way to a student.",
        [
            "Open <b>Devices</b> and tap <b>Receive device</b>.",
            "Choose the <b>Receiving team</b>. Leave the <b>Intake location</b> empty if the device was received in the team's own commune.",
            "Choose the <b>Kind</b> (phone, tablet, laptop, desktop, 3G/4G data SIM) and write the brand, model and serial number or IMEI.",
            "Note its condition, tick charger and headphones, and write the donor's name and phone.",
            "For a data SIM: the carrier, the data per day (GB) and the dates it is valid.",
            "Add up to 6 photos, tap <b>Save and assign code</b>, then <b>Print label</b> and stick the QR label on the device.",
        ],
        "The Receive device screen on a phone: receiving team, kind of device, brand",
    ),
    Guide(
        "check",
        "kiem-tra-sua-chua",
        "Kiểm tra cấu hình, sửa chữa",
        "Đội “Hỗ trợ IT” so từng máy với tiêu chuẩn kỹ thuật tối thiểu; máy chưa đạt được sửa "
        "chữa, nâng cấp rồi kiểm tra lại.",
        [
            "Mở thiết bị (quét nhãn QR, hoặc tìm mã trong <b>Thiết bị</b>), bấm <b>Kiểm tra cấu hình</b>.",
            "Nhập những gì đo được: hệ điều hành và phiên bản, CPU, xung nhịp, RAM, bộ nhớ trống, ổ cứng; đánh dấu các bộ phận hoạt động tốt, bộ sạc, pin.",
            "Bấm <b>Kiểm tra</b>. Đạt tiêu chuẩn: máy <b>Sẵn sàng trao tặng</b>. Chưa đạt: trang ghi rõ lý do và cách khắc phục.",
            "Sửa xong, bấm <b>Ghi sửa chữa, nâng cấp</b>: chọn việc đã làm (vệ sinh máy, xóa sạch dữ liệu cũ, cài hệ điều hành, nâng cấp RAM…), linh kiện đã dùng và chi phí, bấm <b>Lưu</b>.",
            "Kiểm tra cấu hình lại. Luôn xóa sạch dữ liệu cũ trước khi trao tặng.",
        ],
        "Màn hình Kiểm tra cấu hình: hệ điều hành, phiên bản, CPU, RAM",
        "Check and repair",
        "The IT support team checks every device against the minimum technical standards; a "
        "device that falls short is repaired or upgraded, then checked again.",
        [
            "Open the device (scan its QR label or find its code in <b>Devices</b>) and tap <b>Spec check</b>.",
            "Enter what you measured: operating system and version, CPU, clock speed, RAM, free storage, disk; tick the parts that work, the charger, the battery.",
            "Tap <b>Check</b>. If it passes, the device is <b>Ready to hand over</b>. If not, the page says why and what would fix it.",
            "After repairing it, tap <b>Record repair, upgrade</b>: what you did (cleaned, wiped old data, installed the OS, upgraded RAM…), the parts used and their cost, then <b>Save</b>.",
            "Check it again. Always wipe old data before a device is handed over.",
        ],
        "The Spec check screen: operating system, version, CPU, RAM",
    ),
    Guide(
        "student",
        "de-xuat-xac-minh-hoc-sinh",
        "Đề xuất và xác minh học sinh",
        "Tổ “Giáo viên IT” của trường đề xuất; tổ “Thanh niên IT” của xã nơi em ở xác minh; tổ "
        "trưởng duyệt trao tặng.",
        [
            "Giáo viên: vào <b>Học sinh</b>, bấm <b>Đề xuất học sinh</b> (hoặc <b>Nhập từ Excel</b> cho cả danh sách, theo tệp mẫu).",
            "Chọn trường; điền họ và tên, ngày sinh, lớp, xã nơi em ở, phụ huynh và số điện thoại, hoàn cảnh, thiết bị em cần; bấm <b>Thêm vào danh sách</b>.",
            "Tổ “Thanh niên IT” của xã: mở hồ sơ có trạng thái <b>Trường đề xuất</b>, gặp hoặc gọi phụ huynh để xác minh hoàn cảnh.",
            "Ghi chú điều đã xác minh, bấm <b>Xác nhận đã xác minh</b>, hoặc <b>Không đủ điều kiện</b> kèm lý do.",
            "Tổ trưởng (hoặc điều phối viên) bấm <b>Duyệt trao tặng</b>: em chuyển sang <b>Đã duyệt, chờ trao</b>.",
        ],
        "Màn hình Đề xuất học sinh: chọn trường, họ và tên, ngày sinh, lớp",
        "Propose and verify a student",
        "The school's teacher IT team proposes; the youth IT team of the commune where the "
        "child lives verifies; the team leader approves the gift.",
        [
            "Teachers: open <b>Students</b> and tap <b>Propose a student</b> (or <b>Import from Excel</b> for a whole list, using the template).",
            "Choose the school; fill in the full name, date of birth, grade, commune where the child lives, guardian and phone, circumstances and the device needed; tap <b>Add to the list</b>.",
            "The commune's youth IT team: open a record marked <b>Proposed by the school</b> and meet or call the guardian to verify the circumstances.",
            "Note what you verified and tap <b>Confirm verified</b>, or <b>Not eligible</b> with the reason.",
            "The team leader (or a coordinator) taps <b>Approve for a device</b>: the child becomes <b>Approved, awaiting a device</b>.",
        ],
        "The Propose a student screen: school, full name, date of birth, grade",
    ),
    Guide(
        "consent",
        "y-kien-dong-y-phu-huynh",
        "Ghi ý kiến đồng ý của phụ huynh",
        "Trước khi trao thiết bị, chụp ảnh hay kể câu chuyện về em, cần ý kiến của phụ huynh "
        "hoặc người giám hộ, cho từng mục đích.",
        [
            "Mở hồ sơ học sinh, xuống phần <b>Ý kiến đồng ý của phụ huynh</b>.",
            "Bấm <b>Ghi ý kiến (đồng ý hoặc rút lại)</b>.",
            "Chọn <b>Mục đích</b>: Nhận thiết bị, Được chụp ảnh, hoặc Xuất hiện trong câu chuyện công khai.",
            "Chọn <b>Đồng ý</b> hoặc <b>Không đồng ý / rút lại đồng ý</b>, điền ngày lấy ý kiến, bấm <b>Ghi ý kiến</b>.",
            "Mỗi mục đích ghi riêng. Phụ huynh rút lại đồng ý thì ghi ngay: câu chuyện công khai thôi hiện em và ảnh của em.",
        ],
        "Phần Ý kiến đồng ý của phụ huynh trong hồ sơ học sinh: mục đích, đồng ý hay không, ngày",
        "Record a guardian's consent",
        "Before a device is handed over, a photo taken or a story told, the parent or guardian "
        "says yes or no, for each purpose.",
        [
            "Open the student's record and go down to <b>Guardian's consent</b>.",
            "Tap <b>Record an answer (consent or withdrawal)</b>.",
            "Choose the <b>Purpose</b>: receive a device, being photographed, or appearing in a public story.",
            "Choose <b>Agrees</b> or <b>Does not agree / withdraws consent</b>, fill in the date you asked, and tap <b>Record the answer</b>.",
            "Each purpose is recorded on its own. When a guardian withdraws consent, record it at once: the public story stops showing the child and their photo.",
        ],
        "The guardian's consent part of a student's record: purpose, yes or no, date",
    ),
    Guide(
        "handover",
        "trao-tang",
        "Trao tặng",
        "Trao thiết bị đã đạt kiểm tra cho học sinh đã được duyệt, kèm hướng dẫn sử dụng, và "
        "ghi lại để hỏi thăm sau.",
        [
            "Mở hồ sơ học sinh có trạng thái <b>Đã duyệt, chờ trao</b>; xem phụ huynh đã đồng ý <b>Nhận thiết bị</b> chưa.",
            "Bấm <b>Ghi trao tặng</b>.",
            "Chọn <b>Thiết bị</b> (chỉ hiện máy đã đạt kiểm tra cấu hình của đội bạn), <b>Sim dữ liệu</b> nếu có, và <b>Tổ trao tặng</b>.",
            "Điền ngày trao, địa điểm; đánh dấu <b>Đã hướng dẫn sử dụng</b> khi đã hướng dẫn em và phụ huynh.",
            "Xem ngày hỏi thăm lần đầu, tải ảnh biên nhận có chữ ký phụ huynh, bấm <b>Ghi trao tặng</b>.",
        ],
        "Màn hình Ghi trao tặng: thiết bị, sim dữ liệu, tổ trao tặng, ngày trao, địa điểm",
        "Hand over a device",
        "Give a device that passed its check to an approved student, with guidance on using it, "
        "and record it so the team follows up.",
        [
            "Open the record of a student marked <b>Approved, awaiting a device</b>; check the guardian agreed to <b>Receive a device</b>.",
            "Tap <b>Record a handover</b>.",
            "Choose the <b>Device</b> (only devices of your team that passed their check are listed), a <b>Data SIM</b> if any, and the <b>Handing team</b>.",
            "Fill in the date and place; tick <b>Usage guidance given</b> once you have shown the child and the guardian how to use it.",
            "Check the first follow-up date, upload a photo of the receipt signed by the guardian, and tap <b>Record a handover</b>.",
        ],
        "The Record a handover screen: device, data SIM, team, date, place",
    ),
    Guide(
        "support",
        "tra-loi-yeu-cau-ho-tro",
        "Trả lời yêu cầu hỗ trợ kỹ thuật",
        "Chương trình hứa liên hệ người cần hỗ trợ trong vòng 24 giờ kể từ khi nhận yêu cầu.",
        [
            "Vào <b>Hỗ trợ kỹ thuật</b>; xem trước các yêu cầu <b>Sắp quá 24 giờ</b> và <b>Quá 24 giờ chưa liên hệ</b>.",
            "Mở yêu cầu, đọc sự cố, mô tả và thiết bị; gọi điện hoặc nhắn tin cho người gửi.",
            "Bấm <b>Ghi liên hệ lần đầu</b>, ghi đã trao đổi gì, bấm <b>Lưu</b>: giờ liên hệ được tính cho lời hứa 24 giờ.",
            "Khi cần, bấm <b>Thêm ghi chú</b>. Xử lý xong, bấm <b>Đã xử lý xong</b> và ghi đã xử lý thế nào.",
            "Sự cố quay lại thì bấm <b>Mở lại</b> và ghi lý do.",
        ],
        "Màn hình Liên hệ lần đầu của một yêu cầu hỗ trợ: ô ghi đã trao đổi gì và nút Lưu",
        "Answer a support request",
        "The program promises to contact whoever asks for help within 24 hours of the request.",
        [
            "Open <b>Technical support</b>; look first at <b>Near 24 hours</b> and <b>Over 24 hours, not contacted</b>.",
            "Open the request and read the problem, description and device; call or message the person who sent it.",
            "Tap <b>Record the first contact</b>, write what you discussed and tap <b>Save</b>: that time counts for the 24-hour promise.",
            "Tap <b>Add a note</b> when needed. Once solved, tap <b>Resolved</b> and write how.",
            "If the problem comes back, tap <b>Reopened</b> and say why.",
        ],
        "The First contact screen of a support request: what was discussed, and Save",
    ),
    Guide(
        "report",
        "lap-bao-cao",
        "Lập báo cáo tiến độ",
        "Điều phối viên lập báo cáo tiến độ, kết quả gửi Thành đoàn và Phòng GD&ĐT: số liệu "
        "theo tháng, theo xã, theo tổ, so với chỉ tiêu.",
        [
            "Vào <b>Báo cáo</b>.",
            "Chọn <b>Từ tháng</b> và <b>Đến tháng</b> (dạng năm-tháng, ví dụ 2021-10 và 2021-12).",
            "Bấm <b>Lập báo cáo</b>. Báo cáo được lập trong nền; trang tự cập nhật khi xong.",
            "Bấm <b>Tải về .xlsx</b>, hoặc <b>In hoặc lưu thành PDF</b> để gửi đi.",
            "Báo cáo chỉ có số liệu tổng hợp, không có tên học sinh.",
        ],
        "Màn hình Báo cáo tiến độ: từ tháng, đến tháng và nút Lập báo cáo",
        "Build the progress report",
        "Coordinators build the progress report for the city Youth Union and the Department of "
        "Education: figures by month, commune and team, against the targets.",
        [
            "Open <b>Reports</b>.",
            "Choose <b>From month</b> and <b>To month</b> (year-month, e.g. 2021-10 and 2021-12).",
            "Tap <b>Make the report</b>. It is built in the background; the page updates itself when it is ready.",
            "Tap <b>Download .xlsx</b>, or <b>Print or save as PDF</b> to send it.",
            "The report holds totals only, never a student's name.",
        ],
        "The progress report screen: from month, to month and the Make the report button",
    ),
]


def screenshot(guide: Guide) -> Image:
    found = Image.objects.filter(title=guide.alt).first()
    if found:
        return found
    with (SCREENSHOTS / f"{guide.task}.png").open("rb") as handle:
        return Image.objects.create(
            title=guide.alt, file=ImageFile(handle, name=f"huong-dan-{guide.task}.png")
        )


def body(intro: str, steps: list[str], image: Image, alt: str) -> list[dict]:
    items = "".join(f"<li>{step}</li>" for step in steps)
    return [
        {"type": "text", "value": f"<p>{intro}</p><ol>{items}</ol>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": alt, "decorative": False},
                "caption": "",
            },
        },
    ]


def load(home: Page) -> HelpIndexPage:
    """The “Hướng dẫn” index below the home page and a page per task, then their English
    translations (the home page's English copy exists: site.load made it)."""
    index = home.get_children().filter(slug="huong-dan").first()
    if index is None:
        index = HelpIndexPage(
            slug="huong-dan",
            title="Hướng dẫn",
            intro="Cách làm từng việc trong cổng tình nguyện viên, từng bước, có hình minh họa.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    index = index.specific
    english, _created = Locale.objects.get_or_create(language_code="en")
    index_en = index.get_translation_or_none(english)
    if index_en is None:
        index_en = index.copy_for_translation(english, copy_parents=True).specific
        index_en.title = "Help"
        index_en.intro = "How to do each task in the volunteer portal, step by step, with pictures."
        index_en.save_revision().publish()
    for guide in GUIDES:
        image = screenshot(guide)
        page = HelpPage.objects.filter(task=guide.task, locale=index.locale).first()
        if page is None:
            page = HelpPage(
                slug=guide.slug,
                title=guide.title,
                task=guide.task,
                intro=guide.intro,
                search_description=guide.intro,
                body=body(guide.intro, guide.steps, image, guide.alt),
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        if page.get_translation_or_none(english) is None:
            translation = page.copy_for_translation(english).specific
            translation.title = guide.title_en
            translation.intro = guide.intro_en
            translation.search_description = guide.intro_en
            translation.body = body(guide.intro_en, guide.steps_en, image, guide.alt_en)
            translation.save_revision().publish()
    return index
