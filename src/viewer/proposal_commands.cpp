#include "viewer/proposal_commands.h"

#include "core/error.h"

namespace hcgis::viewer {
namespace {

const ProposedSite& existing(const WhatIf& whatif, int id) {
    const ProposedSite* s = whatif.site(id);
    if (!s) throw UsageError("no proposed site " + std::to_string(id));
    return *s;
}

}  // namespace

AddSiteCommand::AddSiteCommand(WhatIf& whatif, ProposedSite site, EditDone done, const QString& text)
    : QUndoCommand(text), whatif_(whatif), site_(std::move(site)), done_(std::move(done)) {
    whatif.check(site_);
}

void AddSiteCommand::redo() {
    if (!added_) {
        site_.id = whatif_.add(site_);
        added_ = true;
    } else {
        whatif_.restore(site_);
    }
    done_(site_.id);
}

void AddSiteCommand::undo() {
    whatif_.remove(site_.id);
    done_(-1);
}

MoveSiteCommand::MoveSiteCommand(WhatIf& whatif, int id, double x, double y, EditDone done, const QString& text)
    : QUndoCommand(text), whatif_(whatif), id_(id), to_x_(x), to_y_(y), done_(std::move(done)) {
    const ProposedSite& s = existing(whatif, id);
    from_x_ = s.x;
    from_y_ = s.y;
    ProposedSite moved = s;
    moved.x = x, moved.y = y;
    whatif.check(moved);
}

void MoveSiteCommand::redo() {
    whatif_.move(id_, to_x_, to_y_);
    done_(id_);
}

void MoveSiteCommand::undo() {
    whatif_.move(id_, from_x_, from_y_);
    done_(id_);
}

RemoveSiteCommand::RemoveSiteCommand(WhatIf& whatif, int id, EditDone done, const QString& text)
    : QUndoCommand(text), whatif_(whatif), site_(existing(whatif, id)), done_(std::move(done)) {}

void RemoveSiteCommand::redo() {
    whatif_.remove(site_.id);
    done_(-1);
}

void RemoveSiteCommand::undo() {
    whatif_.restore(site_);
    done_(site_.id);
}

SetClassCommand::SetClassCommand(WhatIf& whatif, int id, std::optional<double> cls, EditDone done, const QString& text)
    : QUndoCommand(text), whatif_(whatif), id_(id), before_(existing(whatif, id).cls), after_(cls), done_(std::move(done)) {
    ProposedSite changed = existing(whatif, id);
    changed.cls = cls;
    whatif.check(changed);
}

void SetClassCommand::redo() {
    whatif_.set_class(id_, after_);
    done_(id_);
}

void SetClassCommand::undo() {
    whatif_.set_class(id_, before_);
    done_(id_);
}

}  // namespace hcgis::viewer
