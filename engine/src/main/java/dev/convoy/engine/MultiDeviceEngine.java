package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One model on several devices of a host ({@code --device opencl:0,1}, {@code opencl:all}): every member holds its
 * own context, queue and resident copy of the weights; each batch is cut into contiguous shares, one per device,
 * sized as evenly as the batch allows, run at once (one host thread per device) and gathered in order. Each image
 * goes through the same kernels on whichever device takes it, so outputs equal one device's. Tracks per device the
 * images it ran and its busy time, for throughput per device and in total.
 */
public final class MultiDeviceEngine implements Engine {
    private final List<Engine> members;
    private final Device device;
    private final ExecutorService pool;
    private final long[] images;
    private final long[] nanos;

    /**
     * What one device did.
     *
     * @param device  its description
     * @param images  images it ran
     * @param seconds its busy time, seconds
     */
    public record DeviceThroughput(String device, long images, double seconds) {
        /** @return images per second while busy */
        public double imagesPerSecond() {
            return seconds == 0 ? 0 : images / seconds;
        }
    }

    /**
     * @param device  the device as asked for (e.g. {@code opencl:0,1})
     * @param members one engine per device, opened alike (closed with this one)
     */
    MultiDeviceEngine(Device device, List<Engine> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("several devices need at least two engines");
        }
        this.members = List.copyOf(members);
        this.device = device;
        this.images = new long[members.size()];
        this.nanos = new long[members.size()];
        this.pool = Executors.newFixedThreadPool(members.size() + 1, r -> { // a stream per device and the feeder
            Thread t = new Thread(r, "convoy-device");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the engines, one per device, in the order batches are split */
    public List<Engine> members() {
        return members;
    }

    @Override
    public Model model() {
        return members.get(0).model();
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Precision precision() {
        return members.get(0).precision();
    }

    @Override
    public String description() {
        return members.get(0).precision() + " on " + members.size() + " devices: "
                + members.stream().map(e -> e.provenance().getOrDefault("device", e.description())).collect(Collectors.joining(", "));
    }

    @Override
    public Tensor run(Tensor batch) {
        Tensor[] out = {null};
        run(java.util.List.of(batch).iterator(), y -> out[0] = y);
        return out[0];
    }

    /** End of a device's stream of shares. */
    private static final Tensor END = new Tensor(Shape.of(0), new float[0]);

    /**
     * Streams batches through every device at once: a feeder cuts each batch into shares, device i streams its shares
     * through its own engine ({@link Engine#run(Iterator, Consumer)}: an OpenCL engine uploads the next share and
     * reads back the last while it computes, as on one device), and the caller's thread gathers the outputs batch by
     * batch, in order. At most two shares wait per device, so a long stream does not pile up in memory.
     */
    @Override
    public void run(Iterator<Tensor> batches, Consumer<Tensor> outputs) {
        int k = members.size();
        List<java.util.concurrent.BlockingQueue<Tensor>> in = new ArrayList<>(), out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            in.add(new java.util.concurrent.ArrayBlockingQueue<>(2));
            out.add(new java.util.concurrent.LinkedBlockingQueue<>());
        }
        java.util.concurrent.BlockingQueue<Integer> sizes = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int index = i;
            tasks.add(pool.submit(() -> {
                try {
                    members.get(index).run(new Iterator<Tensor>() {
                        private Tensor next;

                        @Override
                        public boolean hasNext() {
                            if (next == null) {
                                next = take(in.get(index));
                            }
                            return next != END;
                        }

                        @Override
                        public Tensor next() {
                            hasNext();
                            Tensor t = next;
                            next = null;
                            return t;
                        }
                    }, y -> out.get(index).add(y));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    out.get(index).add(END);
                }
            }));
        }
        tasks.add(pool.submit(() -> {
            try {
                while (batches.hasNext() && failure.get() == null) {
                    Tensor batch = batches.next();
                    Shape s = batch.shape();
                    int n = s.dim(0), used = Math.min(k, n);
                    int per = n == 0 ? 0 : s.size() / n;
                    int from = 0;
                    for (int i = 0; i < used; i++) {
                        int share = n / used + (i < n % used ? 1 : 0);
                        put(in.get(i), new Tensor(s.dropFirst().withBatch(share), java.util.Arrays.copyOfRange(batch.data(), from * per, (from + share) * per)));
                        from += share;
                    }
                    sizes.add(n);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                sizes.add(-1);
                for (int i = 0; i < k; i++) {
                    if (failure.get() == null) {
                        put(in.get(i), END); // after the shares queued: the device finishes them first
                    } else {
                        in.get(i).clear();
                        in.get(i).offer(END);
                    }
                }
            }
        }));
        long t0 = System.nanoTime();
        long[] ran = new long[k];
        try {
            for (int n = takeSize(sizes); n >= 0; n = takeSize(sizes)) {
                List<Tensor> parts = new ArrayList<>();
                for (int i = 0; i < Math.min(k, n); i++) {
                    Tensor y = take(out.get(i));
                    if (y == END) {
                        throw rethrow(failure.get());
                    }
                    parts.add(y);
                    ran[i] += y.shape().dim(0);
                }
                outputs.accept(gather(parts, n));
            }
        } finally {
            failure.compareAndSet(null, new IllegalStateException("stopped"));
            for (int i = 0; i < k; i++) {
                in.get(i).clear();
                in.get(i).offer(END);
            }
            for (Future<?> f : tasks) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // recorded by the task itself
                }
            }
            long wall = System.nanoTime() - t0;
            synchronized (nanos) {
                for (int i = 0; i < k; i++) {
                    if (ran[i] > 0) {
                        // the devices run side by side for the whole stream: each one's rate is its images over that time
                        images[i] += ran[i];
                        nanos[i] += wall;
                    }
                }
            }
        }
        Throwable f = failure.get();
        if (f != null && !(f instanceof IllegalStateException && "stopped".equals(f.getMessage()))) {
            throw rethrow(f);
        }
    }

    private static int takeSize(java.util.concurrent.BlockingQueue<Integer> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the devices ran", e);
        }
    }

    private static Tensor gather(List<Tensor> parts, int n) {
        int total = 0;
        for (Tensor t : parts) {
            total += t.size();
        }
        float[] data = new float[total];
        int at = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, data, at, t.size());
            at += t.size();
        }
        return new Tensor(parts.get(0).shape().dropFirst().withBatch(n), data);
    }

    private static Tensor take(java.util.concurrent.BlockingQueue<Tensor> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the devices ran", e);
        }
    }

    private static void put(java.util.concurrent.BlockingQueue<Tensor> q, Tensor t) {
        try {
            q.put(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the devices ran", e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** Profiles the whole batch on the first device: per-layer times are a device's, not the split's. */
    @Override
    public List<LayerTime> profile(Tensor batch) {
        return members.get(0).profile(batch);
    }

    /** @return images and busy time per device since opening */
    public List<DeviceThroughput> throughput() {
        List<DeviceThroughput> out = new ArrayList<>();
        synchronized (nanos) {
            for (int i = 0; i < members.size(); i++) {
                Engine e = members.get(i);
                out.add(new DeviceThroughput(e.provenance().getOrDefault("device", e.description()), images[i], nanos[i] / 1e9));
            }
        }
        return out;
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>(members.get(0).provenance());
        p.put("device", members.stream().map(e -> e.provenance().getOrDefault("device", e.description())).collect(Collectors.joining(" + ")));
        p.put("devices", Integer.toString(members.size()));
        return p;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        RuntimeException first = null;
        for (Engine e : members) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                first = first == null ? ex : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
