"""Demo content for the public site: what a visitor of the real program would read."""

from wagtail.models import Site

from home.models import HomePage

HOME_INTRO = (
    "Quyên góp máy tính, điện thoại, máy tính bảng và sim 3G/4G cũ để các tổ “Thanh niên IT”, "
    "“Giáo viên IT” sửa chữa, nâng cấp và trao tặng học sinh có hoàn cảnh khó khăn ở Gia Lâm."
)

# The last of the home page's sections (site.py adds them).
HOME_BODY = """
<h2>Chương trình làm gì?</h2>
<p>Từ ngày 05/10/2021, Huyện đoàn và Phòng Giáo dục và Đào tạo huyện Gia Lâm tiếp nhận máy tính,
laptop, điện thoại thông minh, máy tính bảng cũ hoặc mới và sim dữ liệu 3G/4G, để sửa chữa, nâng
cấp, cài đặt và trao tặng học sinh có hoàn cảnh khó khăn, giúp các em học trực tuyến.</p>
<ul>
<li><b>Tiếp nhận và phân loại</b>: tổ “Thanh niên IT” ở mỗi xã, thị trấn nhận thiết bị của nhà hảo tâm.</li>
<li><b>Kiểm tra, sửa chữa, nâng cấp</b>: đội “Hỗ trợ IT” kiểm tra theo tiêu chuẩn kỹ thuật tối thiểu, sửa chữa và cài đặt phần mềm học tập.</li>
<li><b>Trao tặng</b>: ít nhất 2 thiết bị mỗi tháng đến đúng học sinh trong danh sách đã xác minh.</li>
<li><b>Hướng dẫn và hỗ trợ</b>: hướng dẫn các em sử dụng, và xử lý sự cố kỹ thuật trong vòng 24 giờ.</li>
</ul>
<h2>Thiết bị nào được nhận?</h2>
<p>Điện thoại, máy tính bảng từ Android 4.4 hoặc iOS 9, RAM từ 2 GB; laptop và máy tính để bàn
chip Celeron, Pentium từ 1,0 GHz, RAM từ 2 GB, ổ cứng từ 120 GB; sim dữ liệu từ 2 GB/ngày, hạn
từ 3 tháng. Thiết bị không sửa được sẽ được thanh lý để gây quỹ mua thiết bị mới.</p>
"""


def load() -> HomePage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    wanted = {"intro": HOME_INTRO, "search_description": HOME_INTRO}
    if any(getattr(home, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(home, field, value)
        home.save_revision().publish()
    return home
