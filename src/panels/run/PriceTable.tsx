import { useId, useState } from "react";
import { priceFor, useApp, useAppStore } from "../../store";

/** The device's price table (USD per million tokens), used for the cost of every call, node and run. */
export function PriceTable() {
  const store = useAppStore();
  const id = useId();
  const prices = useApp((s) => s.prices);
  const endpoints = useApp((s) => s.endpoints);
  const llms = useApp((s) => s.crew.llms);
  const [model, setModel] = useState("");
  const [input, setInput] = useState("");
  const [output, setOutput] = useState("");
  const used = [...new Set([...endpoints.map((e) => e.model), ...llms.map((l) => l.model)].filter(Boolean))];
  const unpriced = used.filter((m) => !priceFor(m, prices));
  const valid = model.trim() !== "" && isPrice(input) && isPrice(output);
  const add = () => {
    if (!valid) return;
    store.getState().setPrice(model, { input: Number(input), output: Number(output) });
    setModel("");
    setInput("");
    setOutput("");
  };
  const rows = Object.entries(prices).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="prices" aria-label="Prices">
      <h3 className="panel-subtitle">Prices (US$ per million tokens)</h3>
      <p className="panel-note">
        Used for the cost shown on calls, nodes and runs. Set 0 for models on your own machine. Models without a row show as unpriced.
      </p>
      {unpriced.length > 0 && <p className="panel-note">Not priced yet: {unpriced.join(", ")}</p>}
      <table className="prices__table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Input</th>
            <th scope="col">Output</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, price]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>
                <PriceInput
                  label={`Input price of ${name}`}
                  value={price.input}
                  onChange={(v) => store.getState().setPrice(name, { ...price, input: v })}
                />
              </td>
              <td>
                <PriceInput
                  label={`Output price of ${name}`}
                  value={price.output}
                  onChange={(v) => store.getState().setPrice(name, { ...price, output: v })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove the price of ${name}`}
                  onClick={() => store.getState().setPrice(name, null)}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="prices__add"
        aria-label="Add a price"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          className="field__input"
          aria-label="Model name"
          placeholder="model name"
          list={`${id}-models`}
          value={model}
          onChange={(e) => setModel(e.target.value)}
        />
        <datalist id={`${id}-models`}>
          {unpriced.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <input
          className="field__input"
          aria-label="Input price"
          inputMode="decimal"
          placeholder="input $"
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <input
          className="field__input"
          aria-label="Output price"
          inputMode="decimal"
          placeholder="output $"
          value={output}
          onChange={(e) => setOutput(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={!valid}>
          Add price
        </button>
        <button type="button" className="button button--small" onClick={() => store.getState().resetPrices()}>
          Reset to defaults
        </button>
      </form>
    </section>
  );
}

const isPrice = (text: string) => text.trim() !== "" && Number.isFinite(Number(text)) && Number(text) >= 0;

function PriceInput({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  const [text, setText] = useState(String(value));
  return (
    <input
      className={`field__input prices__input${isPrice(text) ? "" : " is-invalid"}`}
      aria-label={label}
      aria-invalid={!isPrice(text)}
      inputMode="decimal"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => (isPrice(text) ? onChange(Number(text)) : setText(String(value)))}
    />
  );
}
