package dev.convoy.manifold;

/**
 * A quadtree over 2-D points with each cell's centre of mass and count: the Barnes-Hut summary of the points
 * far from a given one. Built once per gradient step; read-only after that, so threads may query it together.
 */
final class SpaceTree {
    private static final int MAX_DEPTH = 40;

    private final double cx, cy, half;
    private double comX, comY;
    private int count;
    private double px, py;
    private SpaceTree[] children;

    private SpaceTree(double cx, double cy, double half) {
        this.cx = cx;
        this.cy = cy;
        this.half = half;
    }

    /**
     * @param y n points, y[2i] and y[2i+1]
     * @return the tree over them
     */
    static SpaceTree of(double[] y) {
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < y.length; i += 2) {
            minX = Math.min(minX, y[i]);
            maxX = Math.max(maxX, y[i]);
            minY = Math.min(minY, y[i + 1]);
            maxY = Math.max(maxY, y[i + 1]);
        }
        double half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-5;
        SpaceTree root = new SpaceTree((minX + maxX) / 2, (minY + maxY) / 2, half);
        for (int i = 0; i < y.length; i += 2) {
            root.insert(y[i], y[i + 1], 0);
        }
        return root;
    }

    private void insert(double x, double y, int depth) {
        comX = (comX * count + x) / (count + 1);
        comY = (comY * count + y) / (count + 1);
        count++;
        if (count == 1) {
            px = x;
            py = y;
            return;
        }
        if (depth >= MAX_DEPTH) {
            return; // coincident points: kept as one heavier leaf
        }
        if (children == null) {
            children = new SpaceTree[4];
            if (count == 2) {
                child(px, py).insert(px, py, depth + 1);
            }
        }
        child(x, y).insert(x, y, depth + 1);
    }

    private SpaceTree child(double x, double y) {
        int q = (x >= cx ? 1 : 0) + (y >= cy ? 2 : 0);
        if (children[q] == null) {
            double h = half / 2;
            children[q] = new SpaceTree(cx + (x >= cx ? h : -h), cy + (y >= cy ? h : -h), h);
        }
        return children[q];
    }

    /**
     * Adds the repulsion on one point: Σ q²·(y − yⱼ) over the others into force, and returns Σ q, with
     * q = 1 / (1 + |y − yⱼ|²); a cell whose width over distance is below theta counts as its centre of mass.
     *
     * @param x     the point's x
     * @param y     its y
     * @param theta accuracy (0 = exact)
     * @param force {fx, fy}, added to
     * @return this point's share of the normalisation Z
     */
    double repulse(double x, double y, double theta, double[] force) {
        if (count == 0) {
            return 0;
        }
        double dx = x - comX, dy = y - comY, d2 = dx * dx + dy * dy;
        boolean leaf = children == null;
        if (leaf || 2 * half / Math.sqrt(d2) < theta) {
            if (leaf && d2 < 1e-24) {
                // the point itself (and any point exactly on it) exerts nothing
                return 0;
            }
            double q = 1 / (1 + d2);
            double mq = count * q;
            force[0] += mq * q * dx;
            force[1] += mq * q * dy;
            return mq;
        }
        double z = 0;
        for (SpaceTree c : children) {
            if (c != null) {
                z += c.repulse(x, y, theta, force);
            }
        }
        return z;
    }
}
