// Remove every draft this browser keeps for one participant (after they withdraw): the drafts the
// live text fields keep in localStorage under "booster-draft:<code>:<pid>:...". Reports how many went.
const PREFIX = "booster-draft:";

export default function (component) {
  const { setStateValue } = component;
  const data = component.data[0];  // ui/component_state.py sends it as a one-item list
  const start = `${PREFIX}${data.prefix}`;
  let removed = 0;
  try {
    const doomed = [];
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key && key.startsWith(start)) doomed.push(key);
    }
    for (const key of doomed) window.localStorage.removeItem(key);
    removed = doomed.length;
  } catch (error) { /* storage blocked: nothing was kept there either */ }
  setStateValue("removed", removed);
}
