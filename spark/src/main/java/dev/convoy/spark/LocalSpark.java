package dev.convoy.spark;

import dev.convoy.BadInputException;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session started inside Convoy's own process ({@code convoy validate --spark local[*]}, {@code convoy
 * to-parquet}), or attached to a cluster by its master URL, with Spark's log down to errors (Convoy prints its
 * own progress) and a one-line error when Spark is not on the class path.
 */
public final class LocalSpark {
    /** Where Spark's log4j2 settings for in-process runs live. */
    public static final String LOG_CONFIG = "convoy-spark-log4j2.properties";

    private LocalSpark() {
    }

    /**
     * @param master the master: {@code local[N]}, {@code local[*]}, or a cluster's URL
     * @param app    the application name
     * @return the session (the caller stops it)
     * @throws BadInputException when Spark's classes are missing or the master is refused
     */
    public static SparkSession start(String master, String app) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        try {
            return SparkSession.builder().master(master).appName(app).config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false").getOrCreate();
        } catch (NoClassDefFoundError e) {
            throw new BadInputException("--spark " + master + ": Apache Spark is not on the class path (./convoy adds it; on a cluster"
                    + " submit spark/target/convoy-spark.jar with spark-submit)", e);
        } catch (RuntimeException e) {
            throw new BadInputException("--spark " + master + ": Spark refused to start: " + dev.convoy.Printable.line(String.valueOf(e.getMessage())), e);
        }
    }
}
