package io.warmpool.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The latency distributions of a run as one PNG, the usual HdrHistogram way: latency (log scale)
 * against percentile, the x axis stretched as {@code 1 / (1 - p)} so that the tail gets the room.
 */
public final class LatencyPlot {
    private static final double LAST_PERCENTILE = 99.999;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)};

    private LatencyPlot() {
    }

    public static void write(List<Figure> figures, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Figure f : figures) {
            XYSeries series = new XYSeries(f.label() + " (n=" + f.count() + ")", false, true);
            for (HistogramIterationValue v : f.histogram().percentiles(5)) {
                double p = Math.min(v.getPercentileLevelIteratedTo(), LAST_PERCENTILE);
                series.add(1 / (1 - p / 100), Math.max(v.getValueIteratedTo(), 1) / 1000.0);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("warmpool latency by percentile (one run, one broker)",
                "percentile", "latency (ms, log scale)", data);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile");
        x.setTickUnit(new NumberTickUnit(1)); // one tick a decade: 0%, 90%, 99%, 99.9%...
        x.setRange(1, 1 / (1 - LAST_PERCENTILE / 100));
        x.setNumberFormatOverride(new PercentileFormat());
        plot.setDomainAxis(x);
        LogAxis y = new LogAxis("latency (ms, log scale)");
        y.setSmallestValue(0.01);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(new DecimalFormat("0.##"));
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < figures.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 700);
    }

    /** Labels the {@code 1 / (1 - p)} axis with p: 1 is 0%, 10 is 90%, 100 is 99%... */
    private static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            double p = 100 * (1 - 1 / v);
            return to.append(p < 1 ? "0%" : String.format("%s%%", trim(p)));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("labels only");
        }

        private static String trim(double p) {
            String s = String.format("%.4f", p);
            return s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
    }
}
