// cooptrack's only script. Every page works without it; it makes pickers
// suggest records as one types. Nothing is loaded from elsewhere.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-pick]")) {
    const list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    let timer = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        const url = "/api/v1/search?limit=10&types=" + encodeURIComponent(input.dataset.pick) + "&q=" + encodeURIComponent(q);
        const res = await fetch(url, { headers: { "Accept": "application/json" } });
        if (!res.ok) return;
        const body = await res.json();
        list.replaceChildren(...body.items.map((hit) => {
          const o = document.createElement("option");
          o.value = hit.record.name;
          o.label = [hit.record.name].concat(hit.countries).join(" · ");
          return o;
        }));
      }, 150);
    });
  }
});
