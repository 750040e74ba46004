import { useState } from "react";
import { useApp, useAppStore } from "../../store";
import { formatMs } from "../console/format";
import { useReplayPlayer } from "./useReplayPlayer";

const SPEEDS = [0.5, 1, 2, 4, 8, 16];
const NO_EVENTS: never[] = [];

/** Controls of a replay: play/pause, speed, a scrubber over the run's events, and the way back to the live view. */
export function ReplayBar() {
  const store = useAppStore();
  const replay = useApp((s) => s.replay);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(4);
  const events = replay?.events ?? NO_EVENTS;
  const cursor = replay?.cursor ?? -1;
  const seek = (i: number) => store.getState().seekReplay(i);
  useReplayPlayer(events, cursor, playing, speed, seek, () => setPlaying(false));
  if (!replay) return null;
  const start = events[0]?.ts ?? 0;
  const at = (events[cursor]?.ts ?? start) - start;
  const total = (events.at(-1)?.ts ?? start) - start;
  const play = () => {
    // Playing from the end starts over.
    if (cursor >= events.length - 1) seek(-1);
    setPlaying(true);
  };
  return (
    <fieldset className="replay-bar" aria-label="Replay">
      <span className="replay-bar__title" title={`Run ${replay.record.id}`}>
        Replay · {new Date(replay.record.startedAt).toLocaleString()}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={playing ? "Pause replay" : "Play replay"}
        onClick={() => (playing ? setPlaying(false) : play())}
      >
        {playing ? "‖" : "▶"}
      </button>
      <input
        type="range"
        className="replay-bar__scrubber"
        aria-label="Replay position"
        aria-valuetext={`${formatMs(at)} of ${formatMs(total)}`}
        min={-1}
        max={events.length - 1}
        value={cursor}
        onChange={(e) => seek(Number(e.target.value))}
      />
      <span className="replay-bar__time" data-cursor={cursor}>
        {formatMs(at)} / {formatMs(total)} · event {cursor + 1} of {events.length}
      </span>
      <label className="replay-bar__speed">
        <span className="visually-hidden">Replay speed</span>
        <select className="field__input" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Replay speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--small" onClick={() => store.getState().closeReplay()}>
        Close replay
      </button>
    </fieldset>
  );
}
