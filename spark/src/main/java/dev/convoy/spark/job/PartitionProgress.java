package dev.convoy.spark.job;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * One line on the driver per finished partition of a job's result stage (the one that runs the model): which,
 * how many images, how long, which attempt — and a failed attempt's cause, which Spark then retries.
 */
final class PartitionProgress extends SparkListener {
    private final PrintWriter out;
    private final String group;
    private final int partitions;
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final AtomicInteger done = new AtomicInteger();

    /**
     * @param out        where lines go
     * @param group      the job group whose jobs are reported
     * @param partitions partitions of the model stage
     */
    PartitionProgress(PrintWriter out, String group, int partitions) {
        this.out = out;
        this.group = group;
        this.partitions = partitions;
    }

    /**
     * Waits until every partition's line is out: Spark delivers listener events on its own thread, after the job's
     * result may already be back.
     *
     * @param millis longest wait
     */
    void awaitAll(long millis) {
        long end = System.currentTimeMillis() + millis;
        synchronized (done) {
            while (done.get() < partitions && System.currentTimeMillis() < end) {
                try {
                    done.wait(Math.max(1, end - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        if (start.properties() != null && group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
            scala.collection.Iterator<StageInfo> it = start.stageInfos().iterator();
            while (it.hasNext()) {
                stages.add(it.next().stageId());
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        // the model runs in the result tasks; the scan before the shuffle runs as map tasks (a job of its own under
        // adaptive execution)
        if (!stages.contains(end.stageId()) || !"ResultTask".equals(end.taskType())) {
            return;
        }
        int partition = end.taskInfo().index();
        int attempt = end.taskInfo().attemptNumber();
        double seconds = end.taskInfo().duration() / 1e3;
        synchronized (out) {
            if (end.reason() == Success$.MODULE$) {
                long images = end.taskMetrics() == null ? -1 : end.taskMetrics().shuffleReadMetrics().recordsRead();
                int finished;
                synchronized (done) {
                    finished = done.incrementAndGet();
                    done.notifyAll();
                }
                out.printf(Locale.ROOT, "partition %d done: %,d images in %.1f s (attempt %d) [%d/%d]%n", partition, images, seconds, attempt,
                        finished, partitions);
            } else {
                String why = dev.convoy.Printable.line(String.valueOf(end.reason()));
                out.printf(Locale.ROOT, "partition %d attempt %d failed after %.1f s: %s; Spark retries it%n", partition, attempt, seconds,
                        why.length() > 200 ? why.substring(0, 200) + "…" : why);
            }
            out.flush();
        }
    }
}
