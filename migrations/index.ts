import { CreateFoundation1795564800000 } from './1795564800000-CreateFoundation.js';
import { CreateMessenger1795568400000 } from './1795568400000-CreateMessenger.js';
import { AddCommandsAndReminders1795572000000 } from './1795572000000-AddCommandsAndReminders.js';
import { CreateFiles1795575600000 } from './1795575600000-CreateFiles.js';
import { CreateMailAndDigests1795579200000 } from './1795579200000-CreateMailAndDigests.js';
import { AddMailParts1795584600000 } from './1795584600000-AddMailParts.js';
import { CreateMeetings1795586400000 } from './1795586400000-CreateMeetings.js';
import { CreateConsultations1795590000000 } from './1795590000000-CreateConsultations.js';
import { CreateFileLargeObjects1795593600000 } from './1795593600000-CreateFileLargeObjects.js';
import { CreateMailIngress1795597200000 } from './1795597200000-CreateMailIngress.js';
import { CreateMailThreads1795600800000 } from './1795600800000-CreateMailThreads.js';
import { AddMailboxesAndReplyAddresses1795604400000 } from './1795604400000-AddMailboxesAndReplyAddresses.js';
import { CreateTasks1795608000000 } from './1795608000000-CreateTasks.js';
import { CreateMemosAndWalls1795611600000 } from './1795611600000-CreateMemosAndWalls.js';
import { TrackMemoDelivery1796200000000 } from './1796200000000-TrackMemoDelivery.js';
import { AddWallCommentModeration1796200000001 } from './1796200000001-AddWallCommentModeration.js';
import { AddInboundMailLease1796300000000 } from './1796300000000-AddInboundMailLease.js';
import { AddOutboundMailHeaders1796300000001 } from './1796300000001-AddOutboundMailHeaders.js';
import { AddDirectorySearchIndexes1796350000000 } from './1796350000000-AddDirectorySearchIndexes.js';
import { CreateMailbox1796400000000 } from './1796400000000-CreateMailbox.js';
import { TrackOutboxCompletion1796500000000 } from './1796500000000-TrackOutboxCompletion.js';
import { CreateEndedSessions1796500000001 } from './1796500000001-CreateEndedSessions.js';
import { CreateWebhooks1796600000000 } from './1796600000000-CreateWebhooks.js';
import { AddRoomChangeFeed1796600000001 } from './1796600000001-AddRoomChangeFeed.js';
import { CreateDocumentLinks1796600000002 } from './1796600000002-CreateDocumentLinks.js';
import { CreateMatrixBridge1796600000003 } from './1796600000003-CreateMatrixBridge.js';
import { AddMatrixMediaAndReactions1796600000020 } from './1796600000020-AddMatrixMediaAndReactions.js';
import { AddRoomInvitePolicy1796600000100 } from './1796600000100-AddRoomInvitePolicy.js';
import { CreateAccessRecords1796723000000 } from './1796723000000-CreateAccessRecords.js';

/** Every migration in order. Migrations are never edited after they land; add a new one. */
export const MIGRATIONS = [
  CreateFoundation1795564800000,
  CreateMessenger1795568400000,
  AddCommandsAndReminders1795572000000,
  CreateFiles1795575600000,
  CreateMailAndDigests1795579200000,
  AddMailParts1795584600000,
  CreateMeetings1795586400000,
  CreateConsultations1795590000000,
  CreateFileLargeObjects1795593600000,
  CreateMailIngress1795597200000,
  CreateMailThreads1795600800000,
  AddMailboxesAndReplyAddresses1795604400000,
  CreateTasks1795608000000,
  CreateMemosAndWalls1795611600000,
  TrackMemoDelivery1796200000000,
  AddWallCommentModeration1796200000001,
  AddInboundMailLease1796300000000,
  AddOutboundMailHeaders1796300000001,
  AddDirectorySearchIndexes1796350000000,
  CreateMailbox1796400000000,
  TrackOutboxCompletion1796500000000,
  CreateEndedSessions1796500000001,
  CreateWebhooks1796600000000,
  AddRoomChangeFeed1796600000001,
  CreateDocumentLinks1796600000002,
  CreateMatrixBridge1796600000003,
  AddMatrixMediaAndReactions1796600000020,
  AddRoomInvitePolicy1796600000100,
  CreateAccessRecords1796723000000,
];
