import { useCallback, useEffect, useMemo, useState } from "react";

import { JobDetail } from "@/components/JobDetail";
import { JobForm } from "@/components/JobForm";
import { JobList } from "@/components/JobList";
import { Layout } from "@/components/Layout";
import { Skeleton } from "@/components/Skeleton";
import { Timeline } from "@/components/Timeline";
import { useToast } from "@/components/Toast";
import {
  apiClient,
  createJob,
  getJob,
  getJobEvents,
  type Job,
  type JobEvents,
  type JobRequest,
  listJobs,
} from "@/lib/api";
import { useAuth } from "@/lib/auth";

const POLL_MS = 1500;

function message(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}

export default function Dashboard() {
  const auth = useAuth();
  const api = useMemo(() => apiClient(auth.getToken), [auth.getToken]);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [listFailed, setListFailed] = useState(false);
  const [current, setCurrent] = useState<Job | null>(null);
  // API failures show as toasts.
  const toast = useToast();
  const showError = toast.error;

  // Bumped to reload the job list.
  const [listVersion, setListVersion] = useState(0);
  const refresh = useCallback(() => setListVersion((version) => version + 1), []);

  useEffect(() => {
    if (!auth.signedIn) return;
    let cancelled = false;
    listJobs(api).then(
      (page) => {
        if (cancelled) return;
        setJobs(page.jobs);
        setListFailed(false);
      },
      (caught: unknown) => {
        if (cancelled) return;
        setListFailed(true);
        showError(message(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [auth.signedIn, api, listVersion, showError]);

  // Refresh the open job until it is done.
  const running = current !== null && (current.status === "pending" || current.status === "running");
  const currentId = current?.id;
  useEffect(() => {
    if (!running || !currentId) return;
    const timer = setInterval(() => {
      getJob(api, currentId)
        .then((job) => {
          setCurrent(job);
          if (job.status === "completed" || job.status === "failed") refresh();
        })
        .catch((caught: unknown) => showError(message(caught)));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, running, currentId, refresh, showError]);

  // The open job's timeline, read again each time the job is (while it runs, every poll).
  const [timeline, setTimeline] = useState<JobEvents | null>(null);
  useEffect(() => {
    if (!current) return;
    let cancelled = false;
    getJobEvents(api, current.id).then(
      (events) => {
        if (!cancelled) setTimeline(events);
      },
      (caught: unknown) => {
        if (!cancelled) showError(message(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, current, showError]);
  const shownTimeline = timeline !== null && timeline.job_id === current?.id ? timeline : null;

  async function start(request: JobRequest) {
    const job = await createJob(api, request);
    setCurrent(job);
    refresh();
  }

  async function open(id: string) {
    try {
      setCurrent(await getJob(api, id));
    } catch (caught) {
      showError(message(caught));
    }
  }

  if (!auth.ready) {
    return (
      <Layout title="Dashboard">
        <Skeleton lines={4} label="Loading the dashboard" />
      </Layout>
    );
  }
  if (!auth.signedIn) {
    return (
      <Layout title="Dashboard">
        <p>Sign in to start jobs and see their results.</p>
        <button type="button" onClick={auth.signIn} className="mt-3 rounded bg-slate-900 px-4 py-2 text-white">
          Sign in
        </button>
      </Layout>
    );
  }
  return (
    <Layout title="Dashboard">
      <div className="grid gap-6 lg:grid-cols-[2fr_3fr]">
        <div className="space-y-4">
          <JobForm onSubmit={start} />
          {jobs === null && listFailed ? (
            <p className="text-sm text-slate-500">
              Your jobs could not be loaded.{" "}
              <button type="button" onClick={refresh} className="underline">
                Retry
              </button>
            </p>
          ) : jobs === null ? (
            <Skeleton lines={3} label="Loading jobs" />
          ) : (
            <JobList jobs={jobs} selectedId={current?.id ?? null} onSelect={(id) => void open(id)} />
          )}
        </div>
        <div className="space-y-4">
          {current ? (
            <>
              {shownTimeline && <Timeline timeline={shownTimeline} />}
              <JobDetail job={current} />
            </>
          ) : (
            <p className="text-slate-500">Pick a job to see each agent&apos;s work.</p>
          )}
        </div>
      </div>
    </Layout>
  );
}
