// The in-page accessibility check; see accessibility.py for the rules it covers.
(phone) => {
  const found = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 1 && box.height > 1;
  };
  const nameOf = (el) => {
    const labelled = el.getAttribute("aria-labelledby");
    if (labelled) {
      return labelled.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
    }
    return (el.getAttribute("aria-label") || el.textContent || el.getAttribute("title") || "").trim();
  };
  const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || "").trim().slice(0, 30);
  if (!document.documentElement.getAttribute("lang")) found.push("html-has-lang");
  if (!document.title.trim()) found.push("document-title");
  if (!document.querySelector("h1")) found.push("page-has-heading-one");
  document.querySelectorAll("img").forEach((img) => {
    if (!img.hasAttribute("alt")) found.push("image-alt: " + img.src.slice(0, 40));
  });
  document.querySelectorAll("button, a[href], [role=button]").forEach((el) => {
    if (!nameOf(el)) found.push("name: " + where(el));
  });
  document.querySelectorAll("input:not([type=hidden]), select, textarea, progress").forEach((el) => {
    const labelled = (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!labelled) found.push("label: " + where(el));
  });
  const ids = {};
  document.querySelectorAll("[id]").forEach((el) => { ids[el.id] = (ids[el.id] || 0) + 1; });
  Object.keys(ids).forEach((id) => { if (ids[id] > 1) found.push("duplicate-id: " + id); });

  const rgba = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(",").map((v) => parseFloat(v));
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] >= 0.99) return c;
    }
    return [255, 255, 255, 1];
  };
  document.querySelectorAll("body *").forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el)) return;
    const style = getComputedStyle(el);
    const fg = rgba(style.color);
    const bg = background(el);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      found.push("color-contrast " + ratio.toFixed(2) + ": " + where(el));
    }
  });
  if (phone) {
    document.querySelectorAll("button, select, textarea, input:not([type=hidden])").forEach((el) => {
      if (!visible(el)) return;
      const box = el.getBoundingClientRect();
      if (box.width < 44 || box.height < 44) found.push("target-size: " + where(el));
    });
  }
  return found;
}
