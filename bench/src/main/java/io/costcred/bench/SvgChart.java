package io.costcred.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A minimal line chart written as SVG, so the bench needs nothing but a JDK to draw. */
final class SvgChart {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"
  };
  private static final int W = 760;
  private static final int H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<double[]> hLines = new ArrayList<>();
  private final List<String> hLabels = new ArrayList<>();

  private record Series(String name, List<double[]> points) {}

  SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  SvgChart series(String name, List<double[]> points) {
    if (!points.isEmpty()) {
      series.add(new Series(name, points));
    }
    return this;
  }

  /** A dashed horizontal reference line (a target). */
  SvgChart target(double y, String label) {
    hLines.add(new double[] {y});
    hLabels.add(label);
    return this;
  }

  boolean isEmpty() {
    return series.isEmpty();
  }

  void write(Path file) throws IOException {
    double maxX = 0;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    for (double[] h : hLines) {
      maxY = Math.max(maxY, h[0]);
    }
    maxX = nice(maxX);
    maxY = nice(maxY * 1.05);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            W,
            H));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append(text(W / 2.0, 22, title, "middle", 15));
    axes(sb, maxX, maxY);
    for (int i = 0; i < hLines.size(); i++) {
      double y = py(hLines.get(i)[0], maxY);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"6,4\"/>%n",
              LEFT,
              y,
              W - RIGHT,
              y));
      sb.append(text(W - RIGHT - 4, y - 4, hLabels.get(i), "end", 11));
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : s.points()) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0], maxX), py(p[1], maxY)));
      }
      sb.append(
          String.format(
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
              color, pts.toString().trim()));
      double ly = TOP + 16 + i * 16;
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>%n",
              LEFT + 12,
              ly - 4,
              color));
      sb.append(text(LEFT + 30, ly, s.name(), "start", 12));
    }
    sb.append("</svg>\n");
    Files.writeString(file, sb.toString());
  }

  private void axes(StringBuilder sb, double maxX, double maxY) {
    sb.append(
        String.format(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
    sb.append(
        String.format(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            LEFT, TOP, LEFT, H - BOTTOM));
    for (int i = 0; i <= 5; i++) {
      double xv = maxX * i / 5;
      double yv = maxY * i / 5;
      double x = px(xv, maxX);
      double y = py(yv, maxY);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
              x,
              TOP,
              x,
              H - BOTTOM));
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
              LEFT,
              y,
              W - RIGHT,
              y));
      sb.append(text(x, H - BOTTOM + 16, fmt(xv), "middle", 11));
      sb.append(text(LEFT - 6, y + 4, fmt(yv), "end", 11));
    }
    sb.append(text((LEFT + W - RIGHT) / 2.0, H - 12, xLabel, "middle", 12));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
            (TOP + H - BOTTOM) / 2.0,
            (TOP + H - BOTTOM) / 2.0,
            esc(yLabel)));
  }

  private static double px(double x, double maxX) {
    return LEFT + (W - LEFT - RIGHT) * (maxX == 0 ? 0 : x / maxX);
  }

  private static double py(double y, double maxY) {
    return H - BOTTOM - (H - TOP - BOTTOM) * (maxY == 0 ? 0 : y / maxY);
  }

  private static double nice(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String fmt(double v) {
    if (v >= 1000 && v % 1000 == 0) {
      return (long) (v / 1000) + "k";
    }
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String text(double x, double y, String s, String anchor, int size) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x,
        y,
        anchor,
        size,
        esc(s));
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
