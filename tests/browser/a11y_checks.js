// Measurements the accessibility sweep takes in the page (tests/browser/a11y.py evaluates this file
// through the test harness, as it does axe-core: the page's own Content-Security-Policy stays on).
// Each check returns a list of findings, one plain sentence each, naming the element.
window.__a11y = (() => {
  const CONTROLS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

  function describe(el) {
    const id = el.id ? `#${el.id}` : "";
    const testid = el.dataset && el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : "";
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 30);
    return `<${el.tagName.toLowerCase()}${id}${testid}> "${text}"`;
  }

  function shown(el) {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.closest("[hidden], [inert], [aria-hidden=true]") === null
      && (el.closest("details:not([open])") === null || el.tagName === "SUMMARY");
  }

  // A control drawn by something else: an invisible radio or checkbox inside its label (the ballot's choices).
  function drawnBy(el) {
    if (getComputedStyle(el).opacity === "0" && el.closest("label")) return el.closest("label");
    return el;
  }

  // The box a finger can press: a checkbox or radio together with its labels (pressing the label sets it).
  function targetBox(el) {
    const boxes = [el.getBoundingClientRect()];
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      for (const label of el.labels || []) boxes.push(label.getBoundingClientRect());
    }
    const shownBoxes = boxes.filter((b) => b.width > 0 && b.height > 0);
    const left = Math.min(...shownBoxes.map((b) => b.left)), right = Math.max(...shownBoxes.map((b) => b.right));
    const top = Math.min(...shownBoxes.map((b) => b.top)), bottom = Math.max(...shownBoxes.map((b) => b.bottom));
    return { width: right - left, height: bottom - top };
  }

  // WCAG 2.5.5's one exception that applies here: a link inside a sentence or block of text.
  function inSentence(el) {
    if (el.tagName !== "A") return false;
    const block = el.parentElement.closest("p, li, td, dd, span, div");
    if (!block) return false;
    const own = (el.innerText || "").replace(/\s/g, "").length;
    return (block.innerText || "").replace(/\s/g, "").length > own + 4;
  }

  function smallTargets(minimum) {
    const found = [];
    for (const control of document.querySelectorAll(CONTROLS)) {
      const el = drawnBy(control);
      if (!shown(el) || inSentence(el)) continue;
      const box = el === control ? targetBox(control) : el.getBoundingClientRect();
      if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
        found.push(`${describe(control)} is ${Math.round(box.width)}×${Math.round(box.height)} px`);
      }
    }
    return found;
  }

  function rgb(color) {
    const m = color.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  }

  function luminance({ r, g, b }) {
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }

  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }

  // The colour behind an element: its own background, or the nearest ancestor's that is not transparent.
  function backgroundOf(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color && color.a > 0.5) return color;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  }

  // Focus must be a thick outline (3 px or more) with 3:1 or more against what it is drawn on: outside the
  // element (offset 0 or more) that is the background around it, inside (negative offset) its own background.
  // Controls drawn alike (the same kind, classes and surroundings) show focus alike: one of each is checked.
  function lookalike(el) {
    const place = el.closest(".topbar, .subnav, table, form, main") || document.body;
    return [el.tagName, el.type || "", el.className, el.parentElement.tagName, el.parentElement.className,
            place.tagName, place.className].join("|");
  }

  function weakFocus() {
    const found = [];
    const checked = new Set();
    for (const control of document.querySelectorAll(CONTROLS)) {
      const el = drawnBy(control);
      if (!shown(el) || checked.has(lookalike(control))) continue;
      checked.add(lookalike(control));
      control.focus({ preventScroll: true });
      if (document.activeElement !== control) continue;
      // A control drawn by its label shows focus on the part of the label that draws it.
      const shows = el === control ? el : [el, ...el.querySelectorAll("*")].find(
        (part) => getComputedStyle(part).outlineStyle !== "none") || el;
      const style = getComputedStyle(shows);
      const width = parseFloat(style.outlineWidth) || 0;
      const color = rgb(style.outlineColor);
      const offset = parseFloat(style.outlineOffset) || 0;
      const behind = offset < 0 ? backgroundOf(shows) : backgroundOf(shows.parentElement);
      if (style.outlineStyle === "none" || width < 3 || !color) {
        found.push(`${describe(control)}: focus outline ${style.outlineStyle} ${width}px`);
      } else if (contrast(color, behind) < 3) {
        found.push(`${describe(control)}: focus outline ${contrast(color, behind).toFixed(2)}:1 against its surroundings`);
      }
      control.blur();
    }
    return found;
  }

  // Every id an ARIA reference or a label names exists on the page, once (a help text is never read otherwise,
  // and a label whose id two fields share names only the first).
  function brokenReferences() {
    const found = [];
    const seen = new Set();
    for (const el of document.querySelectorAll("[id]")) {
      if (seen.has(el.id)) found.push(`${describe(el)}: the id ${el.id} is used twice`);
      seen.add(el.id);
    }
    for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"]) {
      for (const el of document.querySelectorAll(`[${attr}]`)) {
        for (const id of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
          if (!document.getElementById(id)) found.push(`${describe(el)}: ${attr} names #${id}, which is not on the page`);
        }
      }
    }
    for (const label of document.querySelectorAll("label[for]")) {
      if (!document.getElementById(label.htmlFor)) found.push(`${describe(label)}: for names #${label.htmlFor}, which is not on the page`);
    }
    return found;
  }

  function overflow() {
    const width = document.documentElement.scrollWidth, viewport = window.innerWidth;
    if (width <= viewport) return [];
    const wide = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > viewport + 0.5
      && shown(el) && getComputedStyle(el).position !== "fixed").slice(-3).map(describe);
    return [`the page is ${width} px wide in a ${viewport} px window; sticking out: ${wide.join(", ")}`];
  }

  return { smallTargets, weakFocus, brokenReferences, overflow };
})();
