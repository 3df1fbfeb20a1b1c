import { fireEvent, render, screen, waitFor } from "@testing-library/react";

import { JobForm, READINGS, intakeProblem } from "@/components/JobForm";

const NORMAL = { respiration_rate: "18", spo2: "97", systolic_bp: "150", pulse: "96", temperature: "36.8" };

test("the first missing or out-of-range field is named", () => {
  expect(intakeProblem("58", "Chest pain", NORMAL)).toBeNull();
  expect(intakeProblem("58", " ", NORMAL)).toBe("Write the patient's complaint.");
  expect(intakeProblem("12", "Chest pain", NORMAL)).toMatch(/^Age must be a whole number from 16/);
  expect(intakeProblem("58", "Chest pain", { ...NORMAL, spo2: "130" })).toBe("SpO2 (%) must be from 50 to 100.");
  expect(intakeProblem("58", "Chest pain", { ...NORMAL, pulse: "" })).toBe("Pulse (/min) must be from 20 to 250.");
});

test("an empty intake is refused with a message next to the complaint", async () => {
  const onSubmit = vi.fn();
  render(<JobForm onSubmit={onSubmit} />);
  fireEvent.click(screen.getByRole("button", { name: "Triage" }));
  expect((await screen.findByRole("alert")).textContent).toBe("Write the patient's complaint.");
  expect(screen.getByLabelText("Complaint").getAttribute("aria-invalid")).toBe("true");
  expect(onSubmit).not.toHaveBeenCalled();
});

test("an intake is submitted with its observations and the complaint cleared; an API error is shown", async () => {
  const onSubmit = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error("chief_complaint: may identify the patient"));
  render(<JobForm onSubmit={onSubmit} />);
  const complaint = screen.getByLabelText("Complaint") as HTMLTextAreaElement;
  fireEvent.change(complaint, { target: { value: " Chest pain " } });
  fireEvent.change(screen.getByLabelText("Age"), { target: { value: "58" } });
  for (const { key, label } of READINGS) fireEvent.change(screen.getByLabelText(label), { target: { value: NORMAL[key] } });
  fireEvent.click(screen.getByLabelText("On oxygen"));
  fireEvent.change(screen.getByLabelText("Consciousness"), { target: { value: "voice" } });
  fireEvent.click(screen.getByRole("button", { name: "Triage" }));
  await waitFor(() => expect(complaint.value).toBe(""));
  expect(onSubmit).toHaveBeenCalledWith({
    age: 58,
    chief_complaint: "Chest pain",
    vitals: { respiration_rate: 18, spo2: 97, systolic_bp: 150, pulse: 96, temperature: 36.8, on_oxygen: true, consciousness: "voice" },
  });
  fireEvent.change(complaint, { target: { value: "Chest pain, call 555-867-5309" } });
  fireEvent.click(screen.getByRole("button", { name: "Triage" }));
  expect((await screen.findByRole("alert")).textContent).toBe("chief_complaint: may identify the patient");
});
