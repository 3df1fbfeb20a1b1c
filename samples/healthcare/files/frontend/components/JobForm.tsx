import { type FormEvent, useState } from "react";

import type { JobRequest } from "@/lib/api";

type Vitals = JobRequest["vitals"];
type Reading = Exclude<keyof Vitals, "on_oxygen" | "consciousness">;

// The numeric observations NEWS2 scores: label, and the range the API accepts.
export const READINGS: readonly { key: Reading; label: string; min: number; max: number }[] = [
  { key: "respiration_rate", label: "Respiration rate (/min)", min: 0, max: 80 },
  { key: "spo2", label: "SpO2 (%)", min: 50, max: 100 },
  { key: "systolic_bp", label: "Systolic BP (mmHg)", min: 40, max: 300 },
  { key: "pulse", label: "Pulse (/min)", min: 20, max: 250 },
  { key: "temperature", label: "Temperature (°C)", min: 30, max: 45 },
];
const LEVELS: readonly Vitals["consciousness"][] = ["alert", "confusion", "voice", "pain", "unresponsive"];

/** The first field that is missing or out of range, as a message; null if none is. */
export function intakeProblem(age: string, complaint: string, readings: Record<Reading, string>): string | null {
  if (!complaint.trim()) return "Write the patient's complaint.";
  const years = Number(age);
  if (!Number.isInteger(years) || years < 16 || years > 120) return "Age must be a whole number from 16 (NEWS2 is for adults) to 120.";
  for (const { key, label, min, max } of READINGS) {
    const value = Number(readings[key]);
    if (readings[key].trim() === "" || !(value >= min && value <= max)) return `${label} must be from ${min} to ${max}.`;
  }
  return null;
}

/** Starts a job: a de-identified intake (no name, dates or numbers that identify the
 * patient) with the seven observations NEWS2 scores. */
export function JobForm({ onSubmit }: { onSubmit: (request: JobRequest) => Promise<void> }) {
  const [age, setAge] = useState("");
  const [complaint, setComplaint] = useState("");
  const [readings, setReadings] = useState<Record<Reading, string>>({ respiration_rate: "", spo2: "", systolic_bp: "", pulse: "", temperature: "" });
  const [onOxygen, setOnOxygen] = useState(false);
  const [consciousness, setConsciousness] = useState<Vitals["consciousness"]>("alert");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = intakeProblem(age, complaint, readings);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const numbers = Object.fromEntries(READINGS.map(({ key }) => [key, Number(readings[key])])) as Record<Reading, number>;
      await onSubmit({ age: Number(age), chief_complaint: complaint.trim(), vitals: { ...numbers, on_oxygen: onOxygen, consciousness } });
      setComplaint("");
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  const field = "w-20 rounded border border-slate-300 p-1";
  return (
    <form onSubmit={submit} className="space-y-2 rounded border border-slate-200 bg-white p-4" noValidate>
      <label htmlFor="complaint" className="block font-medium">
        Complaint
      </label>
      <textarea
        id="complaint"
        value={complaint}
        onChange={(event) => setComplaint(event.target.value)}
        rows={2}
        maxLength={1000}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "job-error" : "complaint-help"}
        className="w-full rounded border border-slate-300 p-2"
        placeholder="Chest pain since this morning, spreading to the left arm."
      />
      <p id="complaint-help" className="text-sm text-slate-600">
        No names, dates or numbers that identify the patient.
      </p>
      <div className="flex flex-wrap gap-4 text-sm">
        <label>
          Age <input type="number" value={age} onChange={(e) => setAge(e.target.value)} className={field} />
        </label>
        {READINGS.map(({ key, label, min, max }) => (
          <label key={key}>
            {label}{" "}
            <input type="number" min={min} max={max} value={readings[key]} onChange={(e) => setReadings({ ...readings, [key]: e.target.value })} className={field} />
          </label>
        ))}
        <label>
          <input type="checkbox" checked={onOxygen} onChange={(e) => setOnOxygen(e.target.checked)} /> On oxygen
        </label>
        <label>
          Consciousness{" "}
          <select value={consciousness} onChange={(e) => setConsciousness(e.target.value as Vitals["consciousness"])} className="rounded border border-slate-300 p-1">
            {LEVELS.map((level) => (
              <option key={level}>{level}</option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p id="job-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-50">
        {busy ? "Starting…" : "Triage"}
      </button>
    </form>
  );
}
