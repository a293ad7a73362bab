// A worksheet's page heading ("Part 1 of 3"). When the participant turns a page it takes the focus,
// which scrolls it into view: Next and Back sit at the foot of a page, and on a phone the next page
// would otherwise open at its foot. A screen reader reads the new page's heading.
const TURNS = new WeakMap();  // element -> the page turn it last showed

export default function (component) {
  const { parentElement } = component;
  const data = component.data[0];  // ui/component_state.py sends it as a one-item list
  const heading = parentElement.querySelector(".booster-page-of");
  heading.textContent = data.text;
  const before = TURNS.get(parentElement);
  if (before !== undefined && before !== data.turn) heading.focus();
  TURNS.set(parentElement, data.turn);
}
