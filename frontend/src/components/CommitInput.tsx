import { Input, type InputProps } from "antd";
import { useEffect, useState } from "react";

/**
 * A text input that hands its value on when the person presses Enter or
 * leaves the field, not at every keystroke: each change of a filter is a
 * request to the API and an entry in the browser's history.
 */
export function CommitInput({
  value,
  onCommit,
  ...props
}: Omit<InputProps, "value" | "onChange"> & { value: string | undefined; onCommit: (value: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? "");
  useEffect(() => setDraft(value ?? ""), [value]);
  const commit = () => {
    const next = draft.trim() || undefined;
    if (next !== value) onCommit(next);
  };
  return (
    <Input
      {...props}
      value={draft}
      allowClear
      onChange={(e) => {
        setDraft(e.target.value);
        // Clearing with the clear button commits at once.
        if (e.type === "click" && e.target.value === "" && value) onCommit(undefined);
      }}
      onPressEnter={commit}
      onBlur={commit}
    />
  );
}
