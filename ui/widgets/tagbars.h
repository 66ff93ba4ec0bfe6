#pragma once

#include "store/issuequeries.h"

#include <QWidget>

#include <vector>

namespace stackdeck::ui {

// The top tag keys of an issue, one segmented bar per key (the most common
// values, widest first). Clicking a segment asks to search for key:value.
class TagBars : public QWidget {
    Q_OBJECT
public:
    explicit TagBars(QWidget* parent = nullptr);
    void setTags(std::vector<store::TagSummary> tags);
    const std::vector<store::TagSummary>& tags() const { return m_tags; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {160, rowHeight()}; }
    // The key and value under a point, for clicks and tooltips (empty when none).
    std::pair<QString, QString> hit(const QPoint& pos) const;

Q_SIGNALS:
    void tagClicked(const QString& key, const QString& value);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    int rowHeight() const;
    int keyWidth() const;
    std::vector<store::TagSummary> m_tags;
};

} // namespace stackdeck::ui
