"""Demo pages of the campaign site, below the home page: the program, the standards, the
teams, news, stories (linked to the demo handovers, with and without consent), sponsors,
the honour roll and how to join. Images are the JPEG files beside this module."""

from datetime import timedelta
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Locale, Page

from campaign.models import (
    ContactPage,
    ContentPage,
    HonourEntry,
    HonourRollPage,
    ImpactPage,
    NewsIndexPage,
    NewsPage,
    OfferPage,
    OpenFundPage,
    ProgramSettings,
    Sponsor,
    SponsorsPage,
    StandardsPage,
    StoryIndexPage,
    StoryPage,
    SupportPage,
    TeamsPage,
)
from home.demo.pages import HOME_BODY
from portal.models import Handover

IMAGES = Path(__file__).parent / "images"
ALT = {
    "trao-tang": "Tình nguyện viên trao chiếc laptop cho một em học sinh",
    "sua-chua": "Những chiếc laptop cũ trên bàn sửa chữa",
    "hoc-truc-tuyen": "Học sinh học trực tuyến trên laptop được tặng",
    "tiep-nhan": "Máy tính và điện thoại cũ được tiếp nhận tại nhà văn hóa",
    "dao-tao": "Buổi hướng dẫn sử dụng máy tính cho học sinh và phụ huynh",
    "sim-4g": "Điện thoại và sim dữ liệu 4G",
    "gia-lam": "Làng quê Gia Lâm",
}


def image(name: str) -> Image:
    found = Image.objects.filter(title=ALT[name]).first()
    if found:
        return found
    with (IMAGES / f"{name}.jpg").open("rb") as handle:
        return Image.objects.create(title=ALT[name], file=ImageFile(handle, name=f"{name}.jpg"))


def text(html: str) -> dict:
    return {"type": "text", "value": html}


def captioned(name: str, caption: str = "") -> dict:
    """The value of a captioned image block: the alt text travels with the image."""
    return {
        "image": {"image": image(name).pk, "alt_text": ALT[name], "decorative": False},
        "caption": caption,
    }


def picture(name: str, caption: str = "") -> dict:
    return {"type": "image", "value": captioned(name, caption)}


def _child(parent: Page, model, slug: str, **fields) -> Page:
    """The page below `parent` with this slug, created or brought up to date, published."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


ABOUT_BODY = [
    text(
        "<h2>Vì sao?</h2><p>Nhiều em học sinh ở Gia Lâm không có máy tính, điện thoại hay "
        "đường truyền để học trực tuyến. Trong khi đó, nhiều gia đình, cơ quan còn những chiếc "
        "máy cũ dùng được. Chương trình nối hai điều đó lại.</p>"
    ),
    {"type": "figure", "value": {"figure": "devices_received", "label": ""}},
    {"type": "figure", "value": {"figure": "devices_handed_over", "label": ""}},
    {"type": "figure", "value": {"figure": "students_reached", "label": ""}},
    text(
        "<h2>Cách chương trình làm</h2><ol><li>Tổ “Thanh niên IT” ở mỗi xã, thị trấn tiếp "
        "nhận thiết bị.</li><li>Đội “Hỗ trợ IT” kiểm tra theo tiêu chuẩn tối thiểu, sửa chữa, "
        "nâng cấp, cài phần mềm học tập.</li><li>Liên đội các trường đề xuất, Đoàn xã xác minh "
        "danh sách học sinh.</li><li>Thiết bị được trao tận tay, kèm hướng dẫn sử dụng và hỗ "
        "trợ kỹ thuật trong 24 giờ.</li></ol>"
    ),
    picture("sua-chua", "Đội Hỗ trợ IT cụm 1 nâng cấp RAM, ổ SSD cho laptop cũ"),
    {
        "type": "quote",
        "value": {
            "text": "Một chiếc máy cũ nằm trong ngăn kéo có thể là cánh cửa đến lớp học của một em nhỏ.",
            "author": "Bí thư Huyện đoàn Gia Lâm",
        },
    },
    {
        "type": "faq",
        "value": {
            "questions": [
                {
                    "question": "Máy hỏng có nhận không?",
                    "answer": "<p>Có. Máy sửa được sẽ được sửa; máy không sửa được sẽ được bán "
                    "thanh lý, tiền vào quỹ mua thiết bị mới.</p>",
                },
                {
                    "question": "Dữ liệu cũ trong máy thì sao?",
                    "answer": "<p>Đội Hỗ trợ IT xóa sạch dữ liệu cũ và cài lại hệ điều hành "
                    "trước khi trao tặng.</p>",
                },
                {
                    "question": "Tôi biết thiết bị của mình đi đâu bằng cách nào?",
                    "answer": "<p>Mỗi thiết bị có mã riêng; tổ tiếp nhận báo lại khi máy đã "
                    "được trao cho một em học sinh.</p>",
                },
            ]
        },
    },
    {
        "type": "gallery",
        "value": {"images": [captioned(name) for name in ("tiep-nhan", "sua-chua", "dao-tao")]},
    },
]

NEWS = [
    ("phat-dong-chuong-trinh", "Phát động chương trình “Máy tính cũ – Tri thức mới”", 50, "tiep-nhan",
     "Huyện đoàn và Phòng GD&ĐT huyện Gia Lâm phát động chương trình từ ngày 05/10/2021.", ["phát động"]),
    ("22-to-thanh-nien-it", "Các xã, thị trấn thành lập tổ “Thanh niên IT”", 42, "gia-lam",
     "Mỗi xã, thị trấn thành lập ít nhất một tổ tiếp nhận thiết bị và hỗ trợ học sinh.", ["tổ IT"]),
    ("viettel-tai-tro-sim", "Viettel Gia Lâm tài trợ sim dữ liệu 4G", 35, "sim-4g",
     "Những chiếc sim 4 GB/ngày đầu tiên đã đến tay các em học sinh khó khăn.", ["tài trợ", "sim"]),
    ("doi-ho-tro-it-cum-1", "Đội Hỗ trợ IT cụm 1 sửa chữa 20 máy trong một tuần", 28, "sua-chua",
     "Thay RAM, ổ SSD, cài Windows và phần mềm học tập cho những chiếc laptop cũ.", ["sửa chữa"]),
    ("huong-dan-hoc-truc-tuyen", "Hướng dẫn học sinh và phụ huynh học trực tuyến", 18, "dao-tao",
     "Buổi hướng dẫn dùng Zoom, K12Online cho học sinh và phụ huynh xã Bát Tràng.", ["đào tạo"]),
    ("tieu-chuan-thiet-bi", "Thiết bị như thế nào thì được nhận?", 10, "hoc-truc-tuyen",
     "Tiêu chuẩn kỹ thuật tối thiểu cho điện thoại, máy tính bảng, laptop và sim.", ["tiêu chuẩn"]),
]  # fmt: skip

# (slug, title, student's name, show the child, alias, lead image, image shows the child)
STORIES = [
    ("laptop-cho-anh", "Chiếc laptop cũ và giấc mơ làm kỹ sư", "Nguyễn Thị Ánh", True, "", "trao-tang", True),
    ("may-tinh-bang-cho-bong", "Máy tính bảng về nhà, lớp học trực tuyến trở lại", "Ngô Thị Hạnh", True, "Bông", "hoc-truc-tuyen", False),
    ("hanh-trinh-chiec-may-bang", "Hành trình của một chiếc máy tính bảng", "Lê Văn Bình", False, "", "sua-chua", False),
    ("dien-thoai-va-sim", "Một chiếc điện thoại, một chiếc sim, một năm học", "Phạm Thị Cúc", False, "", "sim-4g", False),
]  # fmt: skip


def load(home: Page) -> None:
    today = timezone.localdate()
    _child(
        home,
        ContentPage,
        "ve-chuong-trinh",
        title="Về chương trình",
        intro="Quyên góp thiết bị cũ, sửa chữa, nâng cấp và trao tặng học sinh có hoàn cảnh khó khăn.",
        body=ABOUT_BODY,
        show_in_menus=True,
    )
    _child(
        home,
        StandardsPage,
        "tieu-chuan",
        title="Tiêu chuẩn thiết bị",
        intro="Thiết bị nào được nhận: đúng bảng tiêu chuẩn các đội dùng khi kiểm tra.",
        show_in_menus=True,
    )
    contact = _child(
        home,
        ContactPage,
        "tham-gia",
        title="Tham gia tình nguyện",
        intro="Bạn biết sửa máy, cài phần mềm, hay chỉ muốn giúp một tay? Hãy liên hệ Huyện đoàn.",
        body=[
            text(
                "<p>Chúng tôi cần tình nguyện viên ở mọi xã, thị trấn: tiếp nhận, sửa chữa, hướng dẫn các em.</p>"
            )
        ],
        show_in_menus=True,
    )
    teams = _child(
        home,
        TeamsPage,
        "to-it",
        title="Tổ IT các xã",
        intro="Tìm tổ “Thanh niên IT” gần nhà để gửi thiết bị hoặc nhờ hỗ trợ.",
        join_page=contact,
        show_in_menus=True,
    )
    news = _child(
        home,
        NewsIndexPage,
        "tin-tuc",
        title="Tin tức",
        intro="Hoạt động của chương trình ở các xã, thị trấn.",
        show_in_menus=True,
    )
    for slug, title, days, picture_name, intro, tags in NEWS:
        if news.get_children().filter(slug=slug).exists():
            continue
        article = NewsPage(
            slug=slug,
            title=title,
            date=today - timedelta(days=days),
            author="Ban Tuyên giáo Huyện đoàn",
            intro=intro,
            image=image(picture_name),
            image_alt=ALT[picture_name],
            body=[
                text(
                    f"<p>{intro}</p><p>Mọi thông tin xin liên hệ tổ “Thanh niên IT” ở xã, thị trấn của bạn.</p>"
                )
            ],
        )
        article.tags.add(*tags)
        news.add_child(instance=article)
        article.save_revision().publish()
    stories = _child(
        home,
        StoryIndexPage,
        "cau-chuyen",
        title="Câu chuyện",
        intro="Mỗi thiết bị được trao là một câu chuyện.",
        show_in_menus=True,
    )
    for slug, title, name, show, alias, picture_name, pictured in STORIES:
        if stories.get_children().filter(slug=slug).exists():
            continue
        handover = Handover.objects.filter(
            student__full_name=name, returned_on__isnull=True
        ).first()
        story = StoryPage(
            slug=slug,
            title=title,
            date=handover.handed_on if handover else today,
            intro=f"Từ tay nhà hảo tâm, qua bàn sửa chữa của đội Hỗ trợ IT, đến {handover.student.commune if handover else 'Gia Lâm'}.",
            handover=handover,
            show_student=show,
            student_alias=alias,
            image=image(picture_name),
            image_alt=ALT[picture_name],
            image_shows_student=pictured,
            body=[
                text(
                    "<p>Chiếc máy được một gia đình ở Trâu Quỳ gửi tặng. Đội Hỗ trợ IT cụm 1 "
                    "thay ổ cứng, nâng RAM, cài phần mềm học tập, rồi tổ “Thanh niên IT” của xã "
                    "trao tận tay, kèm buổi hướng dẫn sử dụng.</p>"
                ),
                {
                    "type": "quote",
                    "value": {
                        "text": "Giờ em không phải mượn điện thoại của mẹ để vào lớp nữa.",
                        "author": "",
                    },
                },
            ],
        )
        stories.add_child(instance=story)
        story.save_revision().publish()
    _child(
        home,
        ImpactPage,
        "ket-qua",
        title="Kết quả",
        intro="Số liệu trực tiếp từ các tổ IT: thiết bị, học sinh, xã, thị trấn.",
        show_in_menus=True,
    )
    _child(
        home,
        OpenFundPage,
        "quy-minh-bach",
        title="Quỹ minh bạch",
        intro="Từng đồng quỹ nhận và chi: theo tháng, theo khoản, kèm sổ thu chi để tải về.",
        show_in_menus=True,
    )
    sponsors = _child(
        home,
        SponsorsPage,
        "nha-tai-tro",
        title="Nhà tài trợ",
        intro="Cảm ơn các đơn vị, cá nhân đã chung tay cùng chương trình.",
    )
    if not sponsors.sponsors.exists():
        for number, (name, support) in enumerate(
            [
                ("Viettel Gia Lâm", "Sim dữ liệu 4 GB/ngày cho học sinh"),
                ("VNPT Gia Lâm", "Đường truyền và sim Vinaphone"),
                ("Công ty TNHH Điện tử Gia Lâm", "12 laptop đã qua sử dụng"),
                ("Hội Phụ nữ xã Bát Tràng", "2.000.000 đồng cho quỹ chương trình"),
            ]
        ):
            Sponsor.objects.create(page=sponsors, sort_order=number, name=name, support=support)
    honour = _child(
        home,
        HonourRollPage,
        "vinh-danh",
        title="Vinh danh",
        intro="Những tập thể, cá nhân tích cực, và nhà hảo tâm đồng ý được nêu tên.",
    )
    if not honour.entries.exists():
        for number, (kind, name, reason) in enumerate(
            [
                ("unit", "Tổ Thanh niên IT xã Bát Tràng", "Trao tặng nhiều thiết bị nhất quý IV"),
                ("unit", "Đội Hỗ trợ IT cụm đoàn số 1", "Sửa chữa, nâng cấp hơn 20 máy"),
                ("person", "Nguyễn Văn An", "Tình nguyện viên tích cực nhất tháng"),
                ("donor", "Anh Trần Văn Minh", "Tặng 3 laptop"),
            ]
        ):
            HonourEntry.objects.create(
                page=honour,
                sort_order=number,
                kind=kind,
                name=name,
                reason=reason,
                awarded_on=today,
            )
    offer = _child(
        home,
        OfferPage,
        "ung-ho",
        title="Ủng hộ thiết bị",
        intro="Điện thoại, máy tính bảng, laptop, máy tính để bàn cũ, sim dữ liệu hay tiền: mỗi món quà được theo dõi đến tay học sinh.",
        show_in_menus=True,
    )
    _child(
        home,
        SupportPage,
        "ho-tro",
        title="Yêu cầu hỗ trợ kỹ thuật",
        intro="Máy không lên, không vào được mạng, không vào được lớp học trực tuyến? Hãy báo cho tổ IT.",
        show_in_menus=True,
    )
    _program_settings()
    _home_sections(home, teams, contact, offer)
    _english(home)


def _program_settings() -> None:
    program = ProgramSettings.load()
    if not program.phone:
        program.phone = "024 3827 1234"
        program.email = "huyendoan@gialam.example.vn"
        program.address = "Huyện đoàn Gia Lâm, số 1 đường Cổ Bi, huyện Gia Lâm, Hà Nội"
        program.save()


def _home_sections(home, teams, contact, offer) -> None:
    if home.sections:
        return
    home.sections = [
        {"type": "figure", "value": {"figure": "devices_handed_over", "label": ""}},
        {"type": "figure", "value": {"figure": "students_reached", "label": ""}},
        {"type": "figure", "value": {"figure": "devices_received", "label": ""}},
        {"type": "find_team", "value": {"heading": "Tìm tổ IT gần nhà bạn", "directory": teams.pk}},
        {
            "type": "call_to_action",
            "value": {
                "text": "Nhà bạn còn máy tính, điện thoại cũ?",
                "button": "Xem cách quyên góp",
                "page": offer.pk,
                "url": "",
            },
        },
        text(HOME_BODY),
    ]
    home.save_revision().publish()


# English titles and introductions of the pages a visitor switching language meets first;
# news and stories are copied in Vietnamese until an editor translates them.
ENGLISH = {
    "": (
        "Old computers – New knowledge",
        "Donate used computers, phones, tablets and 3G/4G SIMs: youth and teacher IT teams repair them and give them to students in need in Gia Lâm.",
    ),
    "ve-chuong-trinh": (
        "About the program",
        "Used devices collected, repaired, upgraded and given to students in difficult circumstances.",
    ),
    "tieu-chuan": (
        "Device standards",
        "What is accepted: the same standards the teams check every device against.",
    ),
    "to-it": (
        "IT teams by commune",
        "Find the youth IT team near you to drop off a device or ask for help.",
    ),
    "tin-tuc": ("News", "What the program is doing in the communes and towns."),
    "ket-qua": (
        "Results",
        "Live figures from the IT teams: devices, students, communes and towns.",
    ),
    "quy-minh-bach": (
        "Open fund",
        "Every đồng the fund received and spent, by month and by item, with the ledger to download.",
    ),
    "cau-chuyen": ("Stories", "Every device handed over is a story."),
    "nha-tai-tro": ("Sponsors", "Thank you to everyone who has joined the program."),
    "vinh-danh": ("Honour roll", "Active teams and people, and donors who agreed to be named."),
    "ung-ho": (
        "Donate a device",
        "Used phones, tablets, laptops, desktops, data SIMs or money: every gift is followed to a student's hands.",
    ),
    "ho-tro": (
        "Ask for technical help",
        "Device won't start, no internet, can't join the online class? Tell the IT team.",
    ),
    "tham-gia": (
        "Volunteer with us",
        "Can you repair a computer, install software, or just lend a hand? Contact the district Youth Union.",
    ),
}


def _english(home: Page) -> None:
    """An English copy of the whole tree (so every address works under /en/), published."""
    locale, _created = Locale.objects.get_or_create(language_code="en")
    for node in [home, *home.get_descendants()]:
        page = node.specific
        translation = page.get_translation_or_none(locale)
        if translation is None:
            translation = page.copy_for_translation(locale, copy_parents=True).specific
        slug = "" if page.pk == home.pk else page.slug
        if slug in ENGLISH and translation.title != ENGLISH[slug][0]:
            translation.title, translation.intro = ENGLISH[slug]
            translation.save_revision().publish()
        elif not translation.live:
            translation.save_revision().publish()
