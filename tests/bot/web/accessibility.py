"""An accessibility check run inside the page: the serious WCAG 2.1 A/AA rules that can be
decided from the DOM and computed styles (axe-core itself cannot be installed here).

Checked: the document's language (3.1.1), a title (2.4.2) and a first-level heading;
image alternatives (1.1.1); names of buttons and links (4.1.2, 2.4.4); labels of form
fields (1.3.1, 4.1.2); unique ids (4.1.1); text contrast of at least 4.5:1, 3:1 for large
text (1.4.3), against the first opaque background behind it; and, at a phone's width,
touch targets of at least 44 by 44 CSS pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHECK = (Path(__file__).parent / "accessibility.js").read_text(encoding="utf-8")


async def violations(page: Any, *, phone: bool = False) -> list[str]:
    """The serious violations on the page as it is now (empty when there are none)."""
    found = await page.evaluate(CHECK, phone)
    return [str(item) for item in found]
