import io

from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile


def png(name="may.png", size=(32, 24)) -> SimpleUploadedFile:
    """A real (tiny) PNG photo."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 156)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def disguised(
    name="anh.jpg", content=b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
):
    """Not an image at all, whatever its name and declared type say."""
    return SimpleUploadedFile(name, content, content_type="image/jpeg")
