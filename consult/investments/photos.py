"""Photos of the works: checked by their content and size (`consult.core.upload_limits`)
before anything is kept, re-encoded without metadata (no camera or GPS position leaves the
officer's phone), stored under a random name in UPLOAD_FOLDER/investments and served as
stored (`consult.core.reports.stored_file_response`).

The settings INVESTMENT_PHOTO_MAX_BYTES (default 5 MB) and INVESTMENT_PHOTO_MAX_PIXELS
(default 40 million) bound what one upload may cost.
"""

import io
import warnings
from pathlib import Path

from flask import current_app

from consult.core.upload_limits import Deadline, UploadRefused, check_size
from consult.i18n import lazy_text as _l

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
#: the image formats taken, as Pillow names them, and how they are stored
FORMATS = {"JPEG": "jpeg", "PNG": "png"}
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
FOLDER = "investments"


def limits() -> tuple[int, int]:
    """(bytes, pixels) one photo may have: the settings, or the defaults."""
    config = current_app.config
    return (
        int(config.get("INVESTMENT_PHOTO_MAX_BYTES", MAX_BYTES)),
        int(config.get("INVESTMENT_PHOTO_MAX_PIXELS", MAX_PIXELS)),
    )


def check_photo(
    data: bytes, max_bytes: int, max_pixels: int, deadline: Deadline
) -> tuple[bytes, str]:
    """(clean bytes, "jpeg"|"png") of a JPEG or PNG photo, judged by its content alone (the
    file's name says nothing); raises UploadRefused for an empty, oversized, damaged or
    non-image file, or one too large in pixels. The size in pixels is read from the header
    before anything is decoded; `deadline` is checked between the steps."""
    from PIL import Image, UnidentifiedImageError  # heavy: only where a photo is uploaded

    if not data:
        raise UploadRefused(_l("The photo is empty."))
    check_size(data, max_bytes)
    refused = UploadRefused(_l("The photo must be a JPEG or PNG image."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS or probe.width * probe.height > max_pixels:
                    raise refused
                found = probe.format
                probe.verify()
            deadline.check()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                deadline.check()
                clean = image.convert("RGB") if found == "JPEG" else image.copy()
            deadline.check()
    except UploadRefused:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise refused from error
    buffer = io.BytesIO()
    clean.save(buffer, format=found)
    return buffer.getvalue(), FORMATS[found]


def photo_folder(upload_folder: str) -> Path:
    """Where the photos are kept."""
    return Path(upload_folder) / FOLDER


def write_photo(upload_folder: str, name: str, data: bytes) -> None:
    """Keep checked bytes under `name` (a random name the app gave)."""
    folder = photo_folder(upload_folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def photo_path(upload_folder: str, name: str) -> Path | None:
    """The kept file of `name`, if it is there."""
    path = photo_folder(upload_folder) / name
    return path if path.is_file() else None


def delete_photo(upload_folder: str, name: str) -> None:
    """Remove a kept photo (nothing happens if it is gone already)."""
    path = photo_folder(upload_folder) / name
    path.unlink(missing_ok=True)
