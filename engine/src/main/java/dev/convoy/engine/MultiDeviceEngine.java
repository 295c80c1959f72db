package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        this.pool = Executors.newFixedThreadPool(members.size(), r -> {
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
        Shape s = batch.shape();
        int n = s.dim(0), k = Math.min(members.size(), n);
        int per = n == 0 ? 0 : s.size() / n;
        List<Future<Tensor>> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < k; i++) {
            int share = n / k + (i < n % k ? 1 : 0);
            int lo = from, hi = from + share;
            Engine e = members.get(i);
            int index = i;
            Tensor x = new Tensor(s.dropFirst().withBatch(share), java.util.Arrays.copyOfRange(batch.data(), lo * per, hi * per));
            parts.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                Tensor y = e.run(x);
                synchronized (nanos) {
                    nanos[index] += System.nanoTime() - t0;
                    images[index] += share;
                }
                return y;
            }));
            from = hi;
        }
        List<Tensor> outs = new ArrayList<>();
        for (Future<Tensor> f : parts) {
            try {
                outs.add(f.get());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the devices ran", ie);
            } catch (ExecutionException ee) {
                if (ee.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(ee.getCause());
            }
        }
        int total = 0;
        for (Tensor t : outs) {
            total += t.size();
        }
        float[] data = new float[total];
        int at = 0;
        for (Tensor t : outs) {
            System.arraycopy(t.data(), 0, data, at, t.size());
            at += t.size();
        }
        return new Tensor(outs.get(0).shape().dropFirst().withBatch(n), data);
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
