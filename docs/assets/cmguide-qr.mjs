/* QR codes drawn in the browser as SVG, from the text of each [data-qr] element (lean-qr, vendored; see
   docs/assets/vendor/lean-qr/LICENSE). Dark modules on a white square with a quiet zone of four modules, in any
   colour scheme, so that phone cameras read it. Elements added later are drawn by window.cmguideQr(). */
import { generate } from "./vendor/lean-qr/index.mjs";

const NS = "http://www.w3.org/2000/svg";
const node = (tag, attrs) => {
  const out = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) out.setAttribute(k, v);
  return out;
};

const draw = () => {
  for (const box of document.querySelectorAll("[data-qr]")) {
    const text = box.dataset.qr;
    if (!text || box.dataset.qrDrawn === text) continue;
    const code = generate(text);
    let d = "";
    for (let y = 0; y < code.size; y++) for (let x = 0; x < code.size; x++) if (code.get(x, y)) d += `M${x} ${y}h1v1h-1z`;
    const side = code.size + 8;
    const image = node("svg", { viewBox: `-4 -4 ${side} ${side}`, role: "img", "aria-label": box.dataset.qrLabel || text, "shape-rendering": "crispEdges" });
    image.append(node("rect", { x: -4, y: -4, width: side, height: side, fill: "#fff" }), node("path", { d, fill: "#000" }));
    box.replaceChildren(image);
    box.dataset.qrDrawn = text;
  }
};

window.cmguideQr = draw;
draw();
