#pragma once

#include "timeaxis.h"

#include <QString>
#include <QWidget>

class QFontMetricsF;

#include <vector>

namespace stackdeck::ui {

// Event counts over time as bars (hour or day buckets), painted from
// pre-computed bars; hovering shows the bucket and its count.
class HistogramWidget : public QWidget {
    Q_OBJECT
public:
    explicit HistogramWidget(QWidget* parent = nullptr);
    // counts[i] covers [axis.from + i*bucket, +bucket).
    void setData(const TimeAxis& axis, Micros bucket, std::vector<std::int64_t> counts);
    void clear();
    Micros bucket() const { return m_bucket; }
    const std::vector<std::int64_t>& counts() const { return m_counts; }
    QSize sizeHint() const override { return {320, 84}; }
    QSize minimumSizeHint() const override { return {120, 60}; }

    // The time axis's labels: where and what (plain values so tests check them without painting).
    struct Tick {
        Micros at = 0;
        QString label;
    };
    static std::vector<Tick> axisTicks(const TimeAxis& axis, Micros bucket, const QFontMetricsF& fm);
    static QString tickLabel(Micros at, Micros span);
    static QString bucketName(Micros bucket);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRectF plotRect() const;
    TimeAxis m_axis;
    Micros m_bucket = TimeAxis::kHour;
    std::vector<std::int64_t> m_counts;
    std::int64_t m_max = 0;
    int m_hover = -1;
};

} // namespace stackdeck::ui
