// What other features use of the campaigns: the facilities in a campaign's
// scope and how far each is, as SQL fragments (a bulk message "per
// campagnestatus" selects with the same rule as the status page).
export { CAMPAIGN_PROGRESS, TEAM_PRIJZEN, type CampaignProgress } from './service.js';
export { campaignFacilitiesSql, progressSql, type CampaignScope } from './data.js';
export { createCampaignService, type CampaignService } from './service.js';
export { campaignRoutes } from './routes.js';
export { sendDeadlineReminders } from './reminders.js';
