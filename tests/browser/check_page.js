// Injected into a copy of the report by tests/test_report.py, never shipped: measures in the browser
// that the charts drew and that no character of the page renders as a missing-glyph box.
window.addEventListener("load", () => {
  const result = { charts: 0, empty_charts: [], missing: [], characters: 0 };
  for (const svg of document.querySelectorAll("svg.chart")) {
    const box = svg.getBBox();
    const bars = Array.from(svg.querySelectorAll("rect")).filter((r) => r.getBBox().width > 0).length;
    if (box.width > 0 && box.height > 0 && bars > 0) result.charts += 1;
    else result.empty_charts.push(svg.getAttribute("aria-label"));
  }
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const ink = (character, font) => {
    context.clearRect(0, 0, 48, 48);
    context.font = "28px " + font;
    context.textBaseline = "top";
    context.fillText(character, 6, 6);
    const alpha = context.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3);
    return alpha.join(",");
  };
  const checked = new Map(); // font → characters drawn with it
  const note = (element, text) => {
    const font = getComputedStyle(element).fontFamily;
    if (!checked.has(font)) checked.set(font, new Set());
    for (const character of text) if (character.trim()) checked.get(font).add(character);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!["SCRIPT", "STYLE"].includes(parent.tagName)) note(parent, walker.currentNode.textContent);
  }
  note(document.body, document.title);
  for (const [font, characters] of checked) {
    // A box: what a character no font has looks like (a noncharacter, then a private-use one).
    const boxes = new Set([ink("\uFFFF", font), ink("\u{10FFFD}", font), ink(" ", font)]);
    for (const character of characters) {
      result.characters += 1;
      if (boxes.has(ink(character, font))) result.missing.push(character);
    }
  }
  const out = document.createElement("pre");
  out.id = "mstrack-check";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
